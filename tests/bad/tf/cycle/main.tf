locals {
  a = local.b
  b = [local.a]
}

resource "aws_security_group" "a" {
  name = "a"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = local.b
  }
}
