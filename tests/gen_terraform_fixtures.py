#!/usr/bin/env python3
"""Write the Terraform fixtures in fixtures/terraform/ (deterministically).

They are shaped like `terraform show -json` output (format 1.2), written by
hand here so that every resource type and plan situation sgcheck handles is
covered and readable:

  plan-create.json     every resource type, modules, unknowns, references
  plan-update.json     updates, no-ops, replacements: the exposure delta
  plan-minified.json   plan-create on one line, as terraform writes it
  plan-utf16.json      plan-update as Windows PowerShell saves it (UTF-16LE, BOM)
  plan-as-yaml.yaml    plan-update converted to YAML: detection reads documents
  state.json           `terraform show -json` of a state, child modules
  plan-resources.json  resource rules: EBS encryption, flow logs, CloudTrail

Run: python3 tests/gen_terraform_fixtures.py   (then make update-expected)
"""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "terraform")
AWS = "registry.terraform.io/hashicorp/aws"


def rule(port_from, port_to, proto="tcp", cidrs=(), v6=(), sgs=(), desc="", self_=False, pls=()):
    return {"cidr_blocks": list(cidrs), "description": desc, "from_port": port_from,
            "ipv6_cidr_blocks": list(v6), "prefix_list_ids": list(pls), "protocol": proto,
            "security_groups": list(sgs), "self": self_, "to_port": port_to}


def sg_values(name, ingress, egress, id_=None):
    v = {"description": f"{name} group", "egress": egress, "ingress": ingress, "name": name,
         "revoke_rules_on_delete": False, "tags": {"Name": name}, "vpc_id": "vpc-0123456789abcdef0"}
    if id_:
        v["id"] = id_
    return v


def unknown_like(after, keys):
    return {k: True for k in keys}


def change(address, type_, after, actions=("create",), before=None, after_unknown=None,
           module=None, index=None):
    name = address.split(".")[-1].split("[")[0]
    rc = {"address": address}
    if module:
        rc["module_address"] = module
    rc.update({"mode": "managed", "type": type_, "name": name})
    if index is not None:
        rc["index"] = index
    rc.update({"provider_name": AWS, "change": {
        "actions": list(actions), "before": before, "after": after,
        "after_unknown": after_unknown or {}, "before_sensitive": False if before is None else {},
        "after_sensitive": {} if after is not None else False}})
    return rc


def planned(changes):
    """planned_values mirrors resource_changes that exist after apply."""
    root = {"resources": [], "child_modules": []}
    mods = {}
    for rc in changes:
        if rc["change"]["after"] is None or rc["mode"] != "managed":
            continue
        res = {k: rc[k] for k in ("address", "mode", "type", "name") if k in rc}
        if "index" in rc:
            res["index"] = rc["index"]
        res.update({"provider_name": AWS, "schema_version": 1,
                    "values": {k: v for k, v in rc["change"]["after"].items()}, "sensitive_values": {}})
        mod = rc.get("module_address")
        if not mod:
            root["resources"].append(res)
            continue
        # nest module.a.module.b under module.a
        parts, node, path = mod.split("."), root, []
        for i in range(0, len(parts), 2):
            path.append(".".join(parts[i:i + 2]))
            key = ".".join(path)
            if key not in mods:
                mods[key] = {"resources": [], "address": key, "child_modules": []}
                node["child_modules"].append(mods[key])
            node = mods[key]
        node["resources"].append(res)
    return {"root_module": root}


def cfg_resource(address, type_, expressions):
    return {"address": address, "mode": "managed", "type": type_, "name": address.split(".")[-1],
            "provider_config_key": "aws", "expressions": expressions, "schema_version": 1}


def refs(*r):
    return {"references": list(r)}


def plan_create():
    changes = [
        # world SSH, HTTPS (authorized), all egress
        change("aws_security_group.web", "aws_security_group", sg_values("web", [
            rule(22, 22, cidrs=["0.0.0.0/0"], desc="ssh"),
            rule(443, 443, cidrs=["0.0.0.0/0"], v6=["::/0"], desc="https"),
        ], [rule(0, 0, "-1", cidrs=["0.0.0.0/0"], desc="all out")]),
            after_unknown={"id": True, "arn": True, "owner_id": True, "tags_all": True}),
        # group whose rules live in rule resources: ingress computed, not configured
        change("aws_security_group.db", "aws_security_group",
               {"description": "db group", "name": "db", "revoke_rules_on_delete": False,
                "tags": None, "vpc_id": "vpc-0123456789abcdef0",
                "egress": [rule(443, 443, cidrs=[None], desc="to the api (cidr known after apply)")]},
               after_unknown={"id": True, "arn": True, "ingress": True, "owner_id": True,
                              "egress": [{"cidr_blocks": [True], "ipv6_cidr_blocks": [],
                                          "prefix_list_ids": [], "security_groups": []}]}),
        # rule whose group id is unknown: tied through configuration references
        change("aws_security_group_rule.db_world", "aws_security_group_rule",
               {"type": "ingress", "from_port": 5432, "to_port": 5432, "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": None, "prefix_list_ids": None,
                "self": False, "description": "postgres", "source_security_group_id": None},
               after_unknown={"id": True, "security_group_id": True, "security_group_rule_id": True}),
        # a source group that is known only after apply is still a group, not unknown
        change("aws_security_group_rule.db_from_web", "aws_security_group_rule",
               {"type": "ingress", "from_port": 5432, "to_port": 5432, "protocol": "tcp",
                "cidr_blocks": None, "ipv6_cidr_blocks": None, "prefix_list_ids": None,
                "self": False, "description": "web tier"},
               after_unknown={"id": True, "security_group_id": True, "source_security_group_id": True}),
        # rule with an unknown source: SG012, never a guess
        change("aws_security_group_rule.admin", "aws_security_group_rule",
               {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp",
                "ipv6_cidr_blocks": None, "prefix_list_ids": None, "self": False,
                "description": "admins", "security_group_id": "sg-0aaaaaaaaaaaaaaaa"},
               after_unknown={"id": True, "cidr_blocks": True}),
        # the newer rule resources, tied to a group in a module through its output
        change("aws_vpc_security_group_ingress_rule.rdp", "aws_vpc_security_group_ingress_rule",
               {"cidr_ipv4": "0.0.0.0/0", "cidr_ipv6": None, "description": "rdp", "from_port": 3389,
                "to_port": 3389, "ip_protocol": "tcp", "prefix_list_id": None,
                "referenced_security_group_id": None, "tags": None},
               after_unknown={"id": True, "arn": True, "security_group_id": True}),
        change("aws_vpc_security_group_egress_rule.all", "aws_vpc_security_group_egress_rule",
               {"cidr_ipv4": "0.0.0.0/0", "cidr_ipv6": None, "description": "everything out",
                "from_port": None, "to_port": None, "ip_protocol": "-1", "prefix_list_id": None,
                "referenced_security_group_id": None, "tags": None},
               after_unknown={"id": True, "arn": True, "security_group_id": True}),
        change('module.net.aws_security_group.app["blue"]', "aws_security_group",
               sg_values("app-blue", [rule(8080, 8080, cidrs=["10.0.0.0/8"], desc="app")],
                         [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")]),
               after_unknown={"id": True, "arn": True}, module="module.net", index="blue"),
        # two levels of modules, count index
        change("module.data.module.cluster.aws_security_group.mysql[0]", "aws_security_group",
               sg_values("mysql", [rule(3306, 3306, cidrs=["0.0.0.0/0"], desc="mysql")],
                         [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")]),
               after_unknown={"id": True}, module="module.data.module.cluster", index=0),
        # default security group with rules: SG009
        change("aws_default_security_group.default", "aws_default_security_group",
               sg_values("default", [rule(0, 0, "-1", self_=True, desc="")],
                         [rule(0, 0, "-1", cidrs=["0.0.0.0/0"], desc="")], id_="sg-0ddddddddddddddd0"),
               actions=("update",),
               before=sg_values("default", [], [], id_="sg-0ddddddddddddddd0")),
        # network ACL: a lower deny shadows RDP; SSH is allowed from the world
        change("aws_network_acl.public", "aws_network_acl",
               {"vpc_id": "vpc-0123456789abcdef0", "tags": None, "subnet_ids": ["subnet-1"],
                "ingress": [
                    {"action": "deny", "cidr_block": "0.0.0.0/0", "from_port": 3389, "to_port": 3389,
                     "protocol": "6", "rule_no": 90, "icmp_code": 0, "icmp_type": 0, "ipv6_cidr_block": ""},
                    {"action": "allow", "cidr_block": "0.0.0.0/0", "from_port": 22, "to_port": 22,
                     "protocol": "tcp", "rule_no": 100, "icmp_code": 0, "icmp_type": 0, "ipv6_cidr_block": ""},
                    {"action": "allow", "cidr_block": "0.0.0.0/0", "from_port": 3389, "to_port": 3389,
                     "protocol": "6", "rule_no": 110, "icmp_code": 0, "icmp_type": 0, "ipv6_cidr_block": ""}],
                "egress": [
                    {"action": "allow", "cidr_block": "0.0.0.0/0", "from_port": 0, "to_port": 0,
                     "protocol": "-1", "rule_no": 100, "icmp_code": 0, "icmp_type": 0, "ipv6_cidr_block": ""}]},
               after_unknown={"id": True, "arn": True}),
        change("aws_network_acl_rule.all_v6", "aws_network_acl_rule",
               {"egress": False, "rule_number": 200, "rule_action": "allow", "protocol": "-1",
                "ipv6_cidr_block": "::/0", "cidr_block": None, "from_port": None, "to_port": None,
                "icmp_code": None, "icmp_type": None},
               after_unknown={"id": True, "network_acl_id": True}),
        # deleted: no longer exists after apply, never counted
        change("aws_security_group.old", "aws_security_group", None, actions=("delete",),
               before=sg_values("old", [rule(22, 22, cidrs=["0.0.0.0/0"], desc="ssh")], [],
                                id_="sg-0eeeeeeeeeeeeeeee")),
        # not AWS networking at all
        change("aws_s3_bucket.logs", "aws_s3_bucket", {"bucket": "logs"}, after_unknown={"id": True}),
    ]
    data = {"address": "data.aws_security_group.shared", "mode": "data", "type": "aws_security_group",
            "name": "shared", "provider_name": AWS, "change": {"actions": ["read"], "before": None,
                                                               "after": sg_values("shared", [rule(22, 22, cidrs=["0.0.0.0/0"])], []),
                                                               "after_unknown": {}}}
    changes.append(data)
    config = {"provider_config": {"aws": {"name": "aws", "full_name": AWS}}, "root_module": {
        "resources": [
            cfg_resource("aws_security_group.web", "aws_security_group", {
                "name": {"constant_value": "web"}, "ingress": [{}, {}], "egress": [{}]}),
            cfg_resource("aws_security_group.db", "aws_security_group", {
                "name": {"constant_value": "db"}, "egress": [{"cidr_blocks": refs("var.api_cidr")}]}),
            cfg_resource("aws_security_group_rule.db_world", "aws_security_group_rule", {
                "security_group_id": refs("aws_security_group.db.id", "aws_security_group.db"),
                "type": {"constant_value": "ingress"}}),
            cfg_resource("aws_security_group_rule.db_from_web", "aws_security_group_rule", {
                "security_group_id": refs("aws_security_group.db.id", "aws_security_group.db"),
                "source_security_group_id": refs("aws_security_group.web.id", "aws_security_group.web")}),
            cfg_resource("aws_security_group_rule.admin", "aws_security_group_rule", {
                "cidr_blocks": refs("var.admin_cidrs")}),
            cfg_resource("aws_vpc_security_group_ingress_rule.rdp", "aws_vpc_security_group_ingress_rule", {
                "security_group_id": refs("module.net.app_sg_id", "module.net")}),
            cfg_resource("aws_vpc_security_group_egress_rule.all", "aws_vpc_security_group_egress_rule", {
                "security_group_id": refs("aws_security_group.web.id", "aws_security_group.web")}),
            cfg_resource("aws_default_security_group.default", "aws_default_security_group", {
                "ingress": [{}], "egress": [{}]}),
            cfg_resource("aws_network_acl.public", "aws_network_acl", {"ingress": [{}, {}, {}], "egress": [{}]}),
            cfg_resource("aws_network_acl_rule.all_v6", "aws_network_acl_rule", {
                "network_acl_id": refs("aws_network_acl.public.id", "aws_network_acl.public")}),
        ],
        "module_calls": {
            "net": {"source": "./modules/net", "module": {
                "outputs": {"app_sg_id": {"expression": refs('aws_security_group.app["blue"].id',
                                                             'aws_security_group.app["blue"]',
                                                             "aws_security_group.app")}},
                "resources": [cfg_resource("aws_security_group.app", "aws_security_group", {
                    "ingress": [{}], "egress": [{}]})]}},
            "data": {"source": "./modules/data", "module": {"module_calls": {"cluster": {
                "source": "./cluster", "module": {"resources": [
                    cfg_resource("aws_security_group.mysql", "aws_security_group",
                                 {"ingress": [{}], "egress": [{}]})]}}}}},
        }}}
    return {"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": planned(changes),
            "resource_changes": changes, "configuration": config}


def plan_update():
    bastion_before = sg_values("bastion", [rule(22, 22, cidrs=["203.0.113.0/24"], desc="office ssh")],
                               [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")], id_="sg-0111111111111111a")
    bastion_after = sg_values("bastion", [rule(22, 22, cidrs=["203.0.113.0/24", "0.0.0.0/0"], desc="office ssh")],
                              [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")], id_="sg-0111111111111111a")
    legacy = sg_values("legacy", [rule(3389, 3389, cidrs=["0.0.0.0/0"], desc="rdp")],
                       [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")], id_="sg-0222222222222222b")
    replaced_before = sg_values("app", [rule(23, 23, cidrs=["0.0.0.0/0"], desc="telnet")],
                                [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")], id_="sg-0333333333333333c")
    replaced_after = sg_values("app", [rule(23, 23, cidrs=["0.0.0.0/0"], desc="telnet"),
                                       rule(8080, 8080, cidrs=["0.0.0.0/0"], desc="app")],
                               [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")])
    # a refreshed group also lists the rule its separate rule resource manages
    shared = sg_values("shared", [rule(5432, 5432, cidrs=["0.0.0.0/0"], desc="postgres")],
                       [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")], id_="sg-0444444444444444d")
    changes = [
        change("aws_security_group.bastion", "aws_security_group", bastion_after, actions=("update",),
               before=bastion_before),
        change("aws_security_group.legacy", "aws_security_group", legacy, actions=("no-op",), before=legacy),
        change("aws_security_group.app", "aws_security_group", replaced_after, actions=("delete", "create"),
               before=replaced_before, after_unknown={"id": True, "arn": True}),
        change("aws_security_group.shared", "aws_security_group", shared, actions=("no-op",), before=shared),
        change("aws_security_group_rule.shared_pg", "aws_security_group_rule",
               {"type": "ingress", "from_port": 5432, "to_port": 5432, "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"], "description": "postgres", "self": False,
                "security_group_id": "sg-0444444444444444d", "id": "sgrule-1"},
               actions=("no-op",), before={"type": "ingress", "from_port": 5432, "to_port": 5432,
                                           "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"],
                                           "description": "postgres", "self": False,
                                           "security_group_id": "sg-0444444444444444d", "id": "sgrule-1"}),
    ]
    return {"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": planned(changes),
            "resource_changes": changes, "prior_state": {"format_version": "1.0", "values": {"root_module": {}}}}


def state():
    def res(address, values, index=None):
        r = {"address": address, "mode": "managed", "type": address.split(".")[-2].split("]")[-1],
             "name": address.split(".")[-1].split("[")[0], "provider_name": AWS, "schema_version": 1,
             "values": values, "sensitive_values": {}}
        if index is not None:
            r["index"] = index
        return r
    return {"format_version": "1.0", "terraform_version": "1.9.5", "values": {"root_module": {
        "resources": [
            res("aws_security_group.ops", sg_values("ops", [rule(5985, 5986, cidrs=["0.0.0.0/0"], desc="winrm")],
                                                      [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")],
                                                      id_="sg-0555555555555555e")),
            {"address": "data.aws_vpc.main", "mode": "data", "type": "aws_vpc", "name": "main",
             "values": {"cidr_block": "10.0.0.0/16"}},
        ],
        "child_modules": [{"address": 'module.edge["eu"]', "resources": [
            res('module.edge["eu"].aws_security_group.lb', sg_values("lb", [
                rule(443, 443, cidrs=["0.0.0.0/0"], desc="https"),
                rule(25, 25, v6=["::/0"], desc="smtp")], [rule(443, 443, cidrs=["10.0.0.0/8"], desc="https")],
                id_="sg-0666666666666666f")),
            res('module.edge["eu"].aws_security_group_rule.extra', {
                "type": "ingress", "from_port": 1024, "to_port": 2048, "protocol": "udp",
                "cidr_blocks": ["198.51.100.0/24"], "description": "partner",
                "security_group_id": "sg-0666666666666666f", "self": False}),
        ], "child_modules": []}]}}}


def plan_resources():
    """Resource rules on a plan: the flow log's vpc_id is known only after
    apply, so it is tied to its VPC through the configuration."""
    changes = [
        change("aws_vpc.main", "aws_vpc", {"cidr_block": "10.0.0.0/16", "tags": None},
               after_unknown={"id": True, "arn": True}),
        change("aws_vpc.other", "aws_vpc", {"cidr_block": "10.9.0.0/16", "tags": None},
               after_unknown={"id": True, "arn": True}),
        change("aws_flow_log.main", "aws_flow_log", {"traffic_type": "ALL", "log_destination_type": "s3"},
               after_unknown={"id": True, "vpc_id": True}),
        change("aws_ebs_volume.data", "aws_ebs_volume", {"size": 100, "encrypted": False,
                                                         "snapshot_id": None, "availability_zone": "eu-west-1a"},
               after_unknown={"id": True}),
        change("aws_ebs_volume.default", "aws_ebs_volume", {"size": 100, "snapshot_id": None,
                                                            "availability_zone": "eu-west-1a"},
               after_unknown={"id": True, "encrypted": True}),
        change("aws_instance.app", "aws_instance", {"ami": "ami-0123", "instance_type": "t3.micro",
                                                    "root_block_device": [{"encrypted": True, "volume_size": 8}],
                                                    "ebs_block_device": [{"device_name": "/dev/sdf",
                                                                          "encrypted": False, "volume_size": 50}]},
               after_unknown={"id": True, "root_block_device": [{"volume_id": True}],
                              "ebs_block_device": [{"volume_id": True}]}),
        change("aws_launch_template.web", "aws_launch_template", {"name": "web", "block_device_mappings": [
            {"device_name": "/dev/xvda", "ebs": [{"encrypted": "true", "volume_size": 20}]}]},
               after_unknown={"id": True}),
        change("aws_cloudtrail.main", "aws_cloudtrail", {"name": "main", "is_multi_region_trail": False,
                                                         "enable_logging": True,
                                                         "enable_log_file_validation": True},
               after_unknown={"id": True, "arn": True}),
    ]
    config = {"root_module": {"resources": [
        cfg_resource("aws_flow_log.main", "aws_flow_log", {"vpc_id": refs("aws_vpc.main.id", "aws_vpc.main")}),
    ]}}
    return {"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": planned(changes),
            "resource_changes": changes, "configuration": config}


def to_yaml(v, indent=0):
    """A minimal YAML writer for the plan (block style, quoted strings)."""
    pad = "  " * indent
    if isinstance(v, dict):
        if not v:
            return "{}"
        out = []
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{json.dumps(k)}:\n{to_yaml(x, indent + 1)}")
            else:
                out.append(f"{pad}{json.dumps(k)}: {to_yaml(x, indent + 1)}")
        return "\n".join(out)
    if isinstance(v, list):
        if not v:
            return "[]"
        out = []
        for x in v:
            if isinstance(x, (dict, list)) and x:
                body = to_yaml(x, indent + 1).lstrip()
                out.append(f"{pad}- {body}")
            else:
                out.append(f"{pad}- {to_yaml(x, indent + 1)}")
        return "\n".join(out)
    return json.dumps(v)


def main():
    os.makedirs(OUT, exist_ok=True)

    def write(name, data, mode="w"):
        with open(os.path.join(OUT, name), mode) as f:
            f.write(data)

    create, update = plan_create(), plan_update()
    write("plan-create.json", json.dumps(create, indent=2) + "\n")
    write("plan-update.json", json.dumps(update, indent=2) + "\n")
    write("plan-minified.json", json.dumps(create, separators=(",", ":")) + "\n")
    write("plan-utf16.json", b"\xff\xfe" + (json.dumps(update, indent=2) + "\r\n").replace("\n", "\r\n")
          .replace("\r\r\n", "\r\n").encode("utf-16-le"), "wb")
    write("plan-as-yaml.yaml", "# plan-update.json converted to YAML\n" + to_yaml(update) + "\n")
    write("state.json", json.dumps(state(), indent=2) + "\n")
    write("plan-resources.json", json.dumps(plan_resources(), indent=2) + "\n")


if __name__ == "__main__":
    main()
