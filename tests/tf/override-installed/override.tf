# Terraform merges this into main.tf: the ingress blocks replace the
# original's (all of them), the egress block stays; the variable's
# default is replaced.
resource "aws_security_group" "web" {
  ingress {
    description = "ssh from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

variable "rdp_from" {
  default = "0.0.0.0/0"
}
