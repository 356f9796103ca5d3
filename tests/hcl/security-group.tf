# A security group as people write it: blocks, labels, lists, references.
resource "aws_security_group" "web" {
  name        = "web-${var.env}"
  description = "Web tier"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    cidr_blocks     = var.admin_cidrs
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] // everything out
    ipv6_cidr_blocks = ["::/0"]
  }

  tags = merge(local.tags, { Name = "web" })
}

resource "aws_security_group_rule" "extra" {
  count             = var.enabled ? length(var.ports) : 0
  type              = "ingress"
  from_port         = var.ports[count.index]
  to_port           = var.ports[count.index]
  protocol          = "tcp"
  cidr_blocks       = [for c in var.cidrs : c if c != "0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_network_acl_rule" "deny" {
  network_acl_id = aws_network_acl.main.id
  rule_number    = -100
  egress         = false
  protocol       = -1
  rule_action    = "deny"
  cidr_block     = "10.0.0.0/8"
}
