# override.tf merging and a registry module installed by `terraform init`
# (.terraform/modules/modules.json), as Terraform reads them (issue 13).
variable "rdp_from" {
  default = "10.0.0.0/8"
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "web tier"

  ingress {
    description = "https from the VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  egress {
    description = "anywhere"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

module "edge" {
  source    = "terraform-aws-modules/edge/aws"
  version   = "1.0.0"
  group_id  = aws_security_group.web.id
  rdp_from  = var.rdp_from
}
