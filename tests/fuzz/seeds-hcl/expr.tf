a = x[*].y.*.z[0].1
b = {for k, v in m: k => v... if v}
c = [for x in y: x]
d = provider::p::f(a...)
