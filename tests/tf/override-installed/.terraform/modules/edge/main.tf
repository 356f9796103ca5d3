variable "group_id" {}
variable "rdp_from" {}

resource "aws_security_group_rule" "rdp" {
  type              = "ingress"
  security_group_id = var.group_id
  description       = "rdp"
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = [var.rdp_from]
}
