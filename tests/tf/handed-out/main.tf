# What leaves the unit's view (issue 13): a resource the root module's
# outputs give away, or one passed to a module sgcheck cannot read, is used
# where the scan does not look. Its exposure is unknown, never guessed.

resource "aws_vpc" "shared" { # passed to a module that is not here: it may make the flow log
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "alone" { # VPC001: nothing can make its flow log
  cidr_block = "10.1.0.0/16"
}

module "logging" {
  source = "terraform-aws-modules/vpc-flow-log/aws"
  vpc_id = aws_vpc.shared.id
}

resource "aws_security_group" "exported" { # the root's output gives it away: reach unknown
  vpc_id = aws_vpc.alone.id
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "given" { # passed to the unread module: reach unknown
  vpc_id = aws_vpc.alone.id
  ingress {
    description = "rdp"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "unused" { # SG016: nothing uses it
  vpc_id = aws_vpc.alone.id
  ingress {
    description = "https"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

module "app" {
  source          = "./modules/app"
  security_groups = [aws_security_group.given.id]
}

output "exported_group" {
  value = aws_security_group.exported.id
}
