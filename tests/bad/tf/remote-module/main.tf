module "sg" {
  source  = "terraform-aws-modules/security-group/aws"
  version = "5.1.0"
  ingress_cidr_blocks = ["0.0.0.0/0"]
}

module "missing" {
  source = "./does-not-exist"
}

resource "aws_security_group" "a" {
  name = "a"
  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [module.sg.security_group_id]
  }
}
