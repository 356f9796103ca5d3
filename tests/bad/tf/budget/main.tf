# A configuration built to make evaluation explode: each local doubles the last.
locals {
  l0  = ["x", "y"]
  l1  = flatten([local.l0, local.l0])
  l2  = flatten([local.l1, local.l1])
  l3  = flatten([local.l2, local.l2])
  l4  = flatten([local.l3, local.l3])
  l5  = flatten([local.l4, local.l4])
  l6  = flatten([local.l5, local.l5])
  l7  = flatten([local.l6, local.l6])
  l8  = flatten([local.l7, local.l7])
  l9  = flatten([local.l8, local.l8])
  l10 = flatten([local.l9, local.l9])
  l11 = flatten([local.l10, local.l10])
  l12 = flatten([local.l11, local.l11])
  l13 = flatten([local.l12, local.l12])
  l14 = flatten([local.l13, local.l13])
  l15 = flatten([local.l14, local.l14])
  l16 = flatten([local.l15, local.l15])
  l17 = flatten([local.l16, local.l16])
  l18 = flatten([local.l17, local.l17])
  l19 = flatten([local.l18, local.l18])
  l20 = flatten([local.l19, local.l19])
  l21 = flatten([local.l20, local.l20])
  l22 = flatten([local.l21, local.l21])
  l23 = flatten([local.l22, local.l22])
  l24 = flatten([local.l23, local.l23])
  big = [for a in local.l24 : [for b in local.l24 : "${a}${b}"]]
}

resource "aws_security_group" "a" {
  name = "a"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = length(local.big) > 0 ? ["0.0.0.0/0"] : []
  }
}
