/* Every expression form of the native syntax. */
locals {
  literals   = [1, 1.5, 1e3, 2.5E-2, true, false, null, "s", -7, - 8]
  arithmetic = 1 + 2 * 3 - 4 / 2 % 3
  compare    = a < b && c >= d || !e == f != g
  unary      = -x + !y
  negparen   = -(1)
  nested     = ((1 + 2) * (3 - 4))
  cond       = a ? b : c ? d : e
  condops    = x > 1 ? "big" : "small"
  traversal  = a.b[0]["k"].c[var.i].d
  legacy     = aws_instance.web.0.id
  attrsplat  = aws_instance.web.*.id
  attrsplat2 = aws_instance.web.*.tags.Name[0]
  fullsplat  = aws_instance.web[*].ebs[0].size
  nestsplat  = a[*].b[*].c
  barsplat   = a[*]
  calls      = concat(a, [b], f())
  trailing   = max(1, 2, 3,)
  expand     = min(var.list...)
  provider   = provider::aws::arn_parse(var.arn).region
  tuple      = [
    1,
    2, # comment in a list
    3,
  ]
  object     = {
    a = 1
    "b" = 2, c: 3
    (d) = 4
    "${e}-x" = 5
    nested = { x = [1, { y = 2 }] }
  }
  fortuple   = [for i, v in var.list : v * i if i > 0]
  forobject  = { for k, v in var.map : upper(k) => v }
  forgroup   = {
    for s in var.subnets :
    s.az => s.id...
    if s.public
  }
  multiline  = func(
    a,
    b
  )
  paren      = (
    a +
    b
  )
  comment    = a /* inline */ + b
  strings    = ["a\nb", "tab\t", "q\"q", "back\\slash", "\u00e9\U0001F600", "$${not} %%{either}", "$5 and 100%"]
  interp     = "x ${a.b} y ${f(1, "z")} w"
  onlyinterp = "${var.x}"
  wrapnum    = "${1}"
  empty      = ""
  unicode    = "café ünïcode"
}

one_line { a = 1 }
empty_block {}
labels "a" b "c" {
  x = 1
}
labels "a" b "d" {
  x = 2
}
