# fixtures/terraform/plan-resources.json as the configuration it was planned
# from (issue 13 point 4): the resource rules fire on the same resources.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "other" {
  cidr_block = "10.9.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = false
}

resource "aws_ebs_volume" "default" { # the account's default encryption decides
  availability_zone = "eu-west-1a"
  size              = 100
}

resource "aws_instance" "app" {
  ami           = "ami-0123"
  instance_type = "t3.micro"
  root_block_device {
    encrypted   = true
    volume_size = 8
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = false
    volume_size = 50
  }
}

resource "aws_launch_template" "web" {
  name = "web"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted   = "true"
      volume_size = 20
    }
  }
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-bucket"
  is_multi_region_trail      = false
  enable_logging             = true
  enable_log_file_validation = true
}
