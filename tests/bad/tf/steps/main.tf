# Nested loops whose work is far beyond any real configuration: the step
# budget stops evaluation, the value is unknown, and the note says why.
locals {
  cube = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a + b + c]]]
}

resource "aws_security_group" "a" {
  name = "a"
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = length(local.cube) > 0 ? ["0.0.0.0/0"] : ["10.0.0.0/8"]
  }
}
