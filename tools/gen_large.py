#!/usr/bin/env python3
"""One large input of n security groups, for the linear-size check.

  gen_large.py {cfn,plan,tf,reach} N OUT

cfn: a CloudFormation template whose groups reference each other (Ref,
Fn::GetAtt), with standalone ingress and egress rules, instances, a
condition; plan: a Terraform plan of as many groups and rules with a
configuration section; tf: a Terraform configuration directory (OUT is the
folder) of groups, rules and references, and a for_each over a map of 2n
entries whose instances index that map; reach: a CloudFormation VPC of n
public tiers (subnet, route table, route to the internet gateway, group,
instance) whose instances all share one more group, for the resource graph
(issue 14: built once, reachability linear in its size). Used by make bench (tools/bench.py)
and make test (tests/checks.py: 10x the groups may cost at most ~12x the
instructions).
"""
import json
import os
import sys


def cfn(n):
    out = ["AWSTemplateFormatVersion: '2010-09-09'", "Parameters:", "  AdminCidr:", "    Type: String",
           "    Default: 10.0.0.0/8", "Conditions:", "  IsProd: !Equals [!Ref AWS::StackName, prod]", "Resources:"]
    for i in range(n):
        out += [f"  Sg{i}:", "    Type: AWS::EC2::SecurityGroup", "    Properties:",
                f"      GroupDescription: group {i}", "      VpcId: vpc-123", "      SecurityGroupIngress:",
                "        - IpProtocol: tcp", "          FromPort: 22", "          ToPort: 22",
                "          CidrIp: 0.0.0.0/0", "        - IpProtocol: tcp", "          FromPort: 443",
                "          ToPort: 443", f"          SourceSecurityGroupId: !Ref Sg{(i + 1) % n}"]
        if i % 2 == 0:
            out += [f"  In{i}:", "    Type: AWS::EC2::SecurityGroupIngress", "    Properties:",
                    f"      GroupId: !GetAtt Sg{i}.GroupId", "      IpProtocol: tcp", "      FromPort: 3389",
                    "      ToPort: 3389", "      CidrIp: !If [IsProd, !Ref AdminCidr, 0.0.0.0/0]"]
        if i % 3 == 0:
            out += [f"  Eg{i}:", "    Type: AWS::EC2::SecurityGroupEgress", "    Properties:",
                    f"      GroupId: !Ref Sg{i}", "      IpProtocol: '-1'", "      CidrIp: 0.0.0.0/0"]
        if i % 5 == 0:
            out += [f"  Inst{i}:", "    Type: AWS::EC2::Instance", "    Properties:", "      ImageId: ami-1",
                    f"      SecurityGroupIds: [!Ref Sg{i}, !GetAtt Sg{(i + 7) % n}.GroupId]"]
    return "\n".join(out) + "\n"


def tf_rule(cidr, port):
    return {"cidr_blocks": [cidr], "description": "d", "from_port": port, "to_port": port,
            "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp", "security_groups": [],
            "self": False}


def plan(n):
    changes, cfg = [], []
    for i in range(n):
        after = {"description": "g", "name": f"g{i}", "vpc_id": "vpc-1", "tags": {"Name": f"g{i}"},
                 "ingress": [tf_rule("0.0.0.0/0", 22), tf_rule("10.0.0.0/8", 443)],
                 "egress": [tf_rule("0.0.0.0/0", 443)], "revoke_rules_on_delete": False}
        rule = {"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"], "security_group_id": None}
        for typ, name, vals, unknown in (("aws_security_group", f"g{i}", after, {"id": True}),
                                         ("aws_security_group_rule", f"r{i}", rule, {"security_group_id": True})):
            changes.append({"address": f"{typ}.{name}", "mode": "managed", "type": typ, "name": name,
                            "provider_name": "registry.terraform.io/hashicorp/aws",
                            "change": {"actions": ["create"], "before": None, "after": vals,
                                       "after_unknown": unknown, "before_sensitive": {}, "after_sensitive": {}}})
        cfg.append({"address": f"aws_security_group_rule.r{i}", "mode": "managed",
                    "type": "aws_security_group_rule", "name": f"r{i}",
                    "expressions": {"security_group_id": {"references": [f"aws_security_group.g{i}.id",
                                                                         f"aws_security_group.g{i}"]}}})
    return json.dumps({"format_version": "1.2", "terraform_version": "1.9.5",
                       "planned_values": {"root_module": {"resources": [
                           {"address": c["address"], "mode": "managed", "type": c["type"], "name": c["name"],
                            "values": c["change"]["after"]} for c in changes]}},
                       "resource_changes": changes, "configuration": {"root_module": {"resources": cfg}}},
                      separators=(",", ":"))


def tf(n):
    out = ['variable "admin" {\n  default = "10.0.0.0/8"\n}\n',
           'locals {\n  ports = [22, 443]\n  apps = {\n'
           + "".join(f'    a{i} = {{ port = {1024 + i}, cidr = "10.{i % 250}.0.0/16" }}\n' for i in range(2 * n))
           + '  }\n}\n',
           # one instance per key, each indexing the whole map by its key
           'resource "aws_security_group" "app" {\n  for_each = local.apps\n  name     = each.key\n'
           '  ingress {\n    from_port   = local.apps[each.key].port\n    to_port     = local.apps[each.key].port\n'
           '    protocol    = "tcp"\n    cidr_blocks = [local.apps[each.key].cidr, "0.0.0.0/0"]\n  }\n}\n']
    for i in range(n):
        out.append(f'''resource "aws_security_group" "g{i}" {{
  name        = "g{i}"
  description = "group {i}"
  ingress {{
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
  egress {{
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [{"aws_security_group.g%d.id" % (i // 2) if i else ""}]
  }}
}}

resource "aws_security_group_rule" "r{i}" {{
  type              = "ingress"
  security_group_id = aws_security_group.g{i}.id
  from_port         = local.ports[{i % 2}]
  to_port           = local.ports[{i % 2}]
  protocol          = "tcp"
  cidr_blocks       = [var.admin]
}}
''')
    return "\n".join(out)


def reach(n):
    out = ["Resources:", "  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/8}}",
           "  Igw: {Type: AWS::EC2::InternetGateway}",
           "  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}",
           "  Shared:", "    Type: AWS::EC2::SecurityGroup", "    Properties:", "      GroupDescription: every host",
           "      VpcId: !Ref Vpc", "      SecurityGroupIngress:",
           "        - {IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0, Description: rdp}"]
    for i in range(n):
        net = f"10.{i // 256}.{i % 256}.0/24"
        out += [f"  Sub{i}: {{Type: AWS::EC2::Subnet, Properties: {{VpcId: !Ref Vpc, CidrBlock: {net}, "
                "MapPublicIpOnLaunch: true}}",
                f"  Rt{i}: {{Type: AWS::EC2::RouteTable, Properties: {{VpcId: !Ref Vpc}}}}",
                f"  R{i}: {{Type: AWS::EC2::Route, Properties: {{RouteTableId: !Ref Rt{i}, "
                "DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}",
                f"  A{i}: {{Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {{SubnetId: !Ref Sub{i}, "
                f"RouteTableId: !Ref Rt{i}}}}}",
                f"  Sg{i}:", "    Type: AWS::EC2::SecurityGroup", "    Properties:", f"      GroupDescription: tier {i}",
                "      VpcId: !Ref Vpc", "      SecurityGroupIngress:",
                "        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Description: ssh}",
                f"  Host{i}: {{Type: AWS::EC2::Instance, Properties: {{ImageId: ami-1, SubnetId: !Ref Sub{i}, "
                f"SecurityGroupIds: [!Ref Sg{i}, !Ref Shared]}}}}"]
    return "\n".join(out) + "\n"


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if kind == "tf":
        os.makedirs(out, exist_ok=True)
        out = os.path.join(out, "main.tf")
    with open(out, "w") as f:
        f.write({"cfn": cfn, "plan": plan, "tf": tf, "reach": reach}[kind](n))


if __name__ == "__main__":
    main()
