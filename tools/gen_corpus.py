#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus of realistic IaC files.

  gen_corpus.py OUTDIR [--yaml N] [--json N] [--plans N] [--hcl N] [--seed S]

CloudFormation templates mix the resource types real stacks have (security
groups with inline and standalone rules, instances, volumes, buckets, IAM
roles with policy documents, Lambda functions, load balancers, VPC pieces)
with parameters, mappings, conditions and intrinsics; Terraform plans carry
resource_changes with before/after/after_unknown, planned_values, and a
configuration section, in modules, minified as terraform writes them;
Terraform configuration directories (--hcl, none by default) are root
modules of variables, locals, groups with dynamic blocks and for_each, and
a call of a local child module.
"""
import argparse
import json
import os
import random

# What real security groups look like: most rules admit private ranges or
# other groups; the internet mostly reaches 80/443; a few rules are risky.
PRIVATE = ["10.0.0.0/8", "10.20.0.0/16", "172.16.0.0/12", "192.168.10.0/24"]
PUBLIC = ["203.0.113.0/24", "198.51.100.0/24", "52.0.0.0/8"]
WORLD = ["0.0.0.0/0", "::/0"]
PORTS = [22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 3389, 1024]


def pick_cidr_and_port(rnd):
    r = rnd.random()
    if r < 0.70:
        return rnd.choice(PRIVATE), rnd.choice(PORTS)
    if r < 0.80:
        return rnd.choice(PUBLIC), rnd.choice([443, 8443, 22])
    if r < 0.96:
        return rnd.choice(WORLD), rnd.choice([80, 443])
    return rnd.choice(WORLD), rnd.choice(PORTS)  # the risky few


def sg_rule(rnd, egress=False):
    cidr, port = pick_cidr_and_port(rnd)
    rule = {"IpProtocol": rnd.choice(["tcp"] * 8 + ["udp", "-1"]), "FromPort": port, "ToPort": port}
    if rule["IpProtocol"] == "-1" and cidr in WORLD:
        rule["IpProtocol"] = "tcp"
    if rnd.random() < 0.15:
        rule["SourceSecurityGroupId" if not egress else "DestinationSecurityGroupId"] = {"Ref": "PeerSG"}
    elif ":" in cidr:
        rule["CidrIpv6"] = cidr
    elif rnd.random() < 0.2:
        rule["CidrIp"] = {"Ref": "AdminCidr"}
    elif rnd.random() < 0.1:
        rule["CidrIp"] = {"Fn::If": ["IsProd", "10.0.0.0/8", cidr]}
    else:
        rule["CidrIp"] = cidr
    if rnd.random() < 0.95:
        rule["Description"] = f"rule for port {port}"
    return rule


def policy(rnd):
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": [f"s3:{a}" for a in rnd.sample(["GetObject", "PutObject", "ListBucket",
                                                                        "DeleteObject", "GetBucketLocation"], 3)],
         "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:s3:::bucket-" + str(rnd.randrange(1000)) + "/*"}]}
        for _ in range(rnd.randrange(1, 6))]}


def resource(rnd, i):
    kind = rnd.choices(["sg", "ingress", "instance", "volume", "bucket", "role", "lambda", "lb", "subnet",
                        "route", "queue", "table"], [5, 2, 3, 1, 3, 3, 3, 1, 2, 2, 2, 2])[0]
    if kind == "sg":
        props = {"GroupDescription": f"group {i}", "VpcId": {"Ref": "Vpc"},
                 "SecurityGroupIngress": [sg_rule(rnd) for _ in range(rnd.randrange(1, 8))]}
        if rnd.random() < 0.85:
            props["SecurityGroupEgress"] = [sg_rule(rnd, True) for _ in range(rnd.randrange(1, 3))]
        return "AWS::EC2::SecurityGroup", props
    if kind == "ingress":
        r = sg_rule(rnd)
        r["GroupId"] = {"Fn::GetAtt": ["PeerSG", "GroupId"]}
        return "AWS::EC2::SecurityGroupIngress", r
    if kind == "instance":
        return "AWS::EC2::Instance", {
            "ImageId": {"Fn::FindInMap": ["RegionMap", {"Ref": "AWS::Region"}, "AMI"]},
            "InstanceType": {"Ref": "InstanceType"}, "SecurityGroupIds": [{"Ref": "PeerSG"}],
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "Encrypted": True}}],
            "UserData": {"Fn::Base64": {"Fn::Join": ["\n", ["#!/bin/bash", "yum update -y",
                                                             f"echo instance {i} > /etc/motd"] * 5]}},
            "Tags": [{"Key": "Name", "Value": f"instance-{i}"}, {"Key": "env", "Value": {"Ref": "Env"}}]}
    if kind == "volume":
        return "AWS::EC2::Volume", {"AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
                                    "Size": 100, "Encrypted": rnd.random() < 0.9}
    if kind == "bucket":
        return "AWS::S3::Bucket", {"BucketName": {"Fn::Sub": "${AWS::StackName}-data-" + str(i)},
                                   "VersioningConfiguration": {"Status": "Enabled"},
                                   "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                                       {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]},
                                   "LifecycleConfiguration": {"Rules": [
                                       {"Id": f"expire-{k}", "Status": "Enabled", "ExpirationInDays": 30 * (k + 1)}
                                       for k in range(3)]}}
    if kind == "role":
        return "AWS::IAM::Role", {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}]},
            "Policies": [{"PolicyName": f"p{k}", "PolicyDocument": policy(rnd)} for k in range(rnd.randrange(1, 4))]}
    if kind == "lambda":
        return "AWS::Lambda::Function", {"Runtime": "python3.12", "Handler": "index.handler",
                                         "Role": {"Fn::GetAtt": ["Role0", "Arn"]}, "MemorySize": 256,
                                         "Code": {"ZipFile": "\n".join(f"def f{k}(event):\n    return {k}"
                                                                       for k in range(20))},
                                         "Environment": {"Variables": {f"VAR_{k}": f"value-{k}" for k in range(8)}}}
    if kind == "lb":
        return "AWS::ElasticLoadBalancingV2::LoadBalancer", {
            "Scheme": "internet-facing", "Subnets": [{"Ref": "SubnetA"}, {"Ref": "SubnetB"}],
            "SecurityGroups": [{"Ref": "PeerSG"}],
            "LoadBalancerAttributes": [{"Key": "idle_timeout.timeout_seconds", "Value": "60"}]}
    if kind == "subnet":
        return "AWS::EC2::Subnet", {"VpcId": {"Ref": "Vpc"},
                                    "CidrBlock": {"Fn::Select": [i % 4, {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}]},
                                    "AvailabilityZone": {"Fn::Select": [i % 2, {"Fn::GetAZs": ""}]}}
    if kind == "route":
        return "AWS::EC2::Route", {"RouteTableId": {"Ref": "RouteTable"}, "DestinationCidrBlock": "0.0.0.0/0",
                                   "GatewayId": {"Ref": "Gateway"}}
    if kind == "queue":
        return "AWS::SQS::Queue", {"QueueName": {"Fn::Sub": "${Env}-queue-" + str(i)}, "VisibilityTimeout": 60,
                                   "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]},
                                                     "maxReceiveCount": 5}}
    return "AWS::DynamoDB::Table", {"BillingMode": "PAY_PER_REQUEST",
                                    "AttributeDefinitions": [{"AttributeName": f"a{k}", "AttributeType": "S"}
                                                             for k in range(3)],
                                    "KeySchema": [{"AttributeName": "a0", "KeyType": "HASH"}]}


def template(rnd, n_resources):
    t = {"AWSTemplateFormatVersion": "2010-09-09", "Description": "generated benchmark stack",
         "Parameters": {"Env": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev"},
                        "AdminCidr": {"Type": "String", "Default": "10.0.0.0/8"},
                        "InstanceType": {"Type": "String", "Default": "t3.micro"}},
         "Mappings": {"RegionMap": {r: {"AMI": f"ami-{k:017x}"} for k, r in
                                    enumerate(["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"])}},
         "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
         "Resources": {"PeerSG": {"Type": "AWS::EC2::SecurityGroup",
                                  "Properties": {"GroupDescription": "peer", "VpcId": {"Ref": "Vpc"}}},
                       "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}},
         "Outputs": {}}
    for i in range(n_resources):
        typ, props = resource(rnd, i)
        r = {"Type": typ, "Properties": props}
        if rnd.random() < 0.1:
            r["Condition"] = "IsProd"
        t["Resources"][f"Res{i}"] = r
        if rnd.random() < 0.2:
            t["Outputs"][f"Out{i}"] = {"Value": {"Ref": f"Res{i}"}}
    return t


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        if "\n" in v:
            return None  # block scalar
        return json.dumps(v) if (not v or v[0] in "!&*{}[]#|>%@`'\"-?:,"
                                 or ": " in v or " #" in v or v in ("true", "false", "null", "yes", "no")
                                 or v.replace(".", "").isdigit()) else v
    return json.dumps(v)


SHORT = {"Ref": "!Ref", "Fn::Sub": "!Sub", "Fn::GetAtt": "!GetAtt", "Fn::Join": "!Join", "Fn::Select": "!Select",
         "Fn::If": "!If", "Fn::FindInMap": "!FindInMap", "Fn::Equals": "!Equals", "Fn::Base64": "!Base64",
         "Fn::Cidr": "!Cidr", "Fn::GetAZs": "!GetAZs"}


def to_yaml(v, ind, out, rnd):
    """Block-style YAML with CloudFormation short-form tags, like hand-written templates."""
    pad = "  " * ind
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, dict) and len(x) == 1 and next(iter(x)) in SHORT and rnd.random() < 0.8:
                fn, arg = next(iter(x.items()))
                if fn == "Fn::GetAtt" and isinstance(arg, list):
                    out.append(f"{pad}{k}: !GetAtt {arg[0]}.{arg[1]}")
                    continue
                s = yaml_scalar(arg) if not isinstance(arg, (dict, list)) else None
                if s is not None:
                    out.append(f"{pad}{k}: {SHORT[fn]} {s}")
                    continue
                out.append(f"{pad}{k}: {SHORT[fn]} {json.dumps(arg)}")
                continue
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{k}:")
                to_yaml(x, ind + 1, out, rnd)
            elif isinstance(x, str) and "\n" in x:
                out.append(f"{pad}{k}: |")
                out.extend(f"{pad}  {line}" for line in x.split("\n"))
            else:
                s = yaml_scalar(x)
                out.append(f"{pad}{k}: {s if s is not None else json.dumps(x)}")
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, dict) and x:
                sub = []
                to_yaml(x, ind + 1, sub, rnd)
                out.append(f"{pad}- " + sub[0].lstrip())
                out.extend(sub[1:])
            elif isinstance(x, list) and x:
                out.append(f"{pad}- {json.dumps(x)}")
            else:
                s = yaml_scalar(x)
                out.append(f"{pad}- {s if s is not None else json.dumps(x)}")


def tf_sg(rnd, addr, module):
    rules = []
    for _ in range(rnd.randrange(1, 5)):
        cidr, p = pick_cidr_and_port(rnd)
        rules.append({"cidr_blocks": [cidr] if ":" not in cidr else [], "ipv6_cidr_blocks": [cidr] if ":" in cidr else [],
                      "description": "d", "from_port": p, "to_port": p, "prefix_list_ids": [],
                      "protocol": "tcp", "security_groups": [], "self": False})
    after = {"description": "g", "egress": rules[:1], "ingress": rules, "name": addr,
             "revoke_rules_on_delete": False, "tags": {"Name": addr}, "vpc_id": "vpc-0123"}
    return "aws_security_group", after


def tf_other(rnd, i):
    typ = rnd.choice(["aws_instance", "aws_s3_bucket", "aws_iam_role", "aws_lambda_function", "aws_subnet"])
    after = {"tags": {"Name": f"r{i}", "env": "prod"}, "arn_suffix": "x" * rnd.randrange(10, 200)}
    if typ == "aws_iam_role":
        after["assume_role_policy"] = json.dumps(policy(rnd))
        after["inline_policy"] = [{"name": f"p{k}", "policy": json.dumps(policy(rnd))} for k in range(3)]
    if typ == "aws_instance":
        after.update({"ami": "ami-0123", "instance_type": "t3.micro",
                      "root_block_device": [{"encrypted": True, "volume_size": 8}], "ebs_block_device": []})
    return typ, after


def plan(rnd, n):
    changes, cfg = [], []
    for i in range(n):
        module = f"module.m{i % 7}" if i % 3 else None
        name = f"r{i}"
        typ, after = tf_sg(rnd, name, module) if rnd.random() < 0.3 else tf_other(rnd, i)
        addr = f"{module + '.' if module else ''}{typ}.{name}"
        action = rnd.choice(["create", "update", "no-op", "no-op"])
        change = {"actions": [action], "before": None if action == "create" else after,
                  "after": after, "after_unknown": {"id": True, "arn": True} if action == "create" else {},
                  "before_sensitive": {}, "after_sensitive": {}}
        rc = {"address": addr, "mode": "managed", "type": typ, "name": name,
              "provider_name": "registry.terraform.io/hashicorp/aws", "change": change}
        if module:
            rc["module_address"] = module
        changes.append(rc)
        cfg.append({"address": f"{typ}.{name}", "mode": "managed", "type": typ, "name": name,
                    "expressions": {"tags": {"constant_value": after.get("tags")}}})
    return {"format_version": "1.2", "terraform_version": "1.9.5",
            "planned_values": {"root_module": {"resources": [
                {"address": c["address"], "mode": "managed", "type": c["type"], "name": c["name"],
                 "values": c["change"]["after"]} for c in changes]}},
            "resource_changes": changes, "configuration": {"root_module": {"resources": cfg}}}


def hcl_module(rnd, i, out):
    """A root module calling a child module: what `sgcheck scan DIR` sees
    in a Terraform repository."""
    child = os.path.join(out, "modules", "sg")
    os.makedirs(child, exist_ok=True)
    n = rnd.randrange(5, 40)
    rules = []
    for k in range(n):
        cidr, port = pick_cidr_and_port(rnd)
        rules.append(f'    r{k} = {{ port = {port}, cidr = "{cidr}", proto = "tcp" }}')
    root = [f'variable "env" {{\n  type    = string\n  default = "prod{i}"\n}}\n',
            'variable "vpc_id" {\n  default = "vpc-0123"\n}\n',
            'locals {\n  rules = {\n' + "\n".join(rules) + '\n  }\n  tags = { env = var.env, team = "t' + str(i % 9) + '" }\n}\n']
    for g in range(rnd.randrange(2, 8)):
        root.append(f'''resource "aws_security_group" "g{g}" {{
  name        = "${{var.env}}-g{g}"
  description = "group {g}"
  vpc_id      = var.vpc_id
  tags        = local.tags
  dynamic "ingress" {{
    for_each = {{ for k, r in local.rules : k => r if r.port != {g} }}
    content {{
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = ingress.value.proto
      cidr_blocks = [ingress.value.cidr]
    }}
  }}
  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}
''')
    root.append(f'''resource "aws_security_group_rule" "extra" {{
  for_each          = toset(["22", "443"])
  type              = "ingress"
  security_group_id = aws_security_group.g0.id
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  protocol          = "tcp"
  cidr_blocks       = ["{rnd.choice(PRIVATE + WORLD[:1])}"]
}}

module "app" {{
  source = "./modules/sg"
  name   = "app-${{var.env}}"
  ports  = [for r in values(local.rules) : r.port]
  source_group = aws_security_group.g0.id
}}

resource "aws_instance" "web" {{
  ami                    = "ami-0123"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.g0.id, module.app.id]
}}
''')
    with open(os.path.join(out, "main.tf"), "w") as f:
        f.write("\n".join(root))
    with open(os.path.join(child, "main.tf"), "w") as f:
        f.write('''variable "name" {}
variable "ports" { type = list(number) }
variable "source_group" {}

resource "aws_security_group" "this" {
  name = var.name
}

resource "aws_security_group_rule" "in" {
  count                    = length(var.ports)
  type                     = "ingress"
  security_group_id        = aws_security_group.this.id
  from_port                = var.ports[count.index]
  to_port                  = var.ports[count.index]
  protocol                 = "tcp"
  source_security_group_id = var.source_group
}

output "id" {
  value = aws_security_group.this.id
}
''')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--yaml", type=int, default=2000)
    ap.add_argument("--json", type=int, default=1000)
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--hcl", type=int, default=0)
    ap.add_argument("--seed", type=int, default=20261130)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    for sub in ("cfn-yaml", "cfn-json", "tf"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    for i in range(a.yaml):
        lines = []
        to_yaml(template(rnd, rnd.randrange(10, 80)), 0, lines, rnd)
        with open(os.path.join(a.out, "cfn-yaml", f"stack{i:05d}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
    for i in range(a.json):
        with open(os.path.join(a.out, "cfn-json", f"stack{i:05d}.json"), "w") as f:
            json.dump(template(rnd, rnd.randrange(10, 80)), f, indent=2)
    for i in range(a.plans):
        with open(os.path.join(a.out, "tf", f"plan{i:04d}.json"), "w") as f:
            json.dump(plan(rnd, rnd.randrange(50, 400)), f, separators=(",", ":"))
    for i in range(a.hcl):
        hcl_module(rnd, i, os.path.join(a.out, "hcl", f"mod{i:04d}"))


if __name__ == "__main__":
    main()
