variable "x" {
  default = "0.0.0.0/0"
}

variable "x" {
  default = "10.0.0.0/8"
}

resource "aws_security_group" "a" {
  name = "a"
}

resource "aws_security_group" "a" {
  name = "b"
}
