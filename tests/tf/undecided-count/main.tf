# count and for_each behind a condition known only at apply (issue 13): as
# an undecided condition counts both branches, the larger branch's
# instances are checked (terraform-aws-vpc's dedicated network ACLs are
# `count = local.create_public_subnets && ... ? length(rules) : 0`).
data "aws_availability_zones" "available" {}

locals {
  azs    = data.aws_availability_zones.available.names
  public = length(local.azs) > 0
  rules = [
    { number = 100, port = 443 },
    { number = 120, port = 22 },
  ]
}

resource "aws_network_acl" "public" {
  count  = local.public ? 1 : 0
  vpc_id = "vpc-1"
}

resource "aws_network_acl_rule" "inbound" {
  count          = local.public ? length(local.rules) : 0
  network_acl_id = aws_network_acl.public[0].id
  rule_number    = local.rules[count.index].number
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = local.rules[count.index].port
  to_port        = local.rules[count.index].port
  cidr_block     = "0.0.0.0/0"
}

resource "aws_security_group" "admin" {
  name = "admin"
}

resource "aws_security_group_rule" "rdp" {
  for_each          = local.public ? { office = "0.0.0.0/0" } : {}
  type              = "ingress"
  security_group_id = aws_security_group.admin.id
  protocol          = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_blocks       = [each.value]
  description       = "rdp from ${each.key}"
}

# two collections: their union is neither, so one instance stands for all
resource "aws_security_group_rule" "either" {
  for_each          = local.public ? { a = "10.0.0.0/8" } : { b = "0.0.0.0/0" }
  type              = "ingress"
  security_group_id = aws_security_group.admin.id
  protocol          = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_blocks       = [each.value]
  description       = "db"
}
