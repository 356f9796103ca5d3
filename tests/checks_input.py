"""Input checks (issue 18 points 7, 9, 10, 13): loader limits that scale
with the size limit, YAML numbers read as CloudFormation reads them,
baselines validated, a configuration that switches the gate off. Imported
by checks.py like checks_hostile.py."""
import json
import os
import subprocess
import tempfile


def run_sg(binary, *args, cwd=None, timeout=120):
    env = dict(os.environ, SGCHECK_TODAY="2026-06-01", SOURCE_DATE_EPOCH="1780000000")
    env.pop("NO_COLOR", None)
    return subprocess.run([binary] + list(args), cwd=cwd, capture_output=True, env=env,
                          timeout=timeout)


def big_template(n):
    parts = ['AWSTemplateFormatVersion: "2010-09-09"\nResources:\n']
    for i in range(n):
        parts.append(f"  Sg{i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
                     f"      GroupDescription: group {i}\n      SecurityGroupIngress:\n"
                     f"        - {{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}}\n")
    return "".join(parts)


def check_node_limit_scales_with_the_size_limit(binary, root):
    """A template just under the size limit always scans (the node limit is
    the size limit / 8; it was a fixed 1,000,000 "alias bomb" limit, which
    stopped templates of 50,000 resources); a file of nothing but nodes at
    the same size limit hits the node limit, named in the error."""
    with tempfile.TemporaryDirectory() as d:
        text = big_template(3000)
        with open(f"{d}/big.yaml", "w") as f:
            f.write(text)
        size = str(len(text) + 1)
        p = run_sg(binary, "scan", "-f", "json", "--max-file-size", size, "big.yaml", cwd=d)
        r = json.loads(p.stdout)
        assert p.returncode in (0, 1) and not r["errors"], (p.returncode, r["errors"])
        assert r["summary"]["resources"] == 3000, r["summary"]
        dense = "[" + ",".join(["0"] * (len(text) // 2 - 2)) + "]"
        assert len(dense) < len(text)
        for name in ("dense.json", "dense.yaml"):
            with open(f"{d}/{name}", "w") as f:
                f.write(dense)
            p = run_sg(binary, "scan", "-f", "json", "--max-file-size", size, name, cwd=d)
            errs = [e["message"] for e in json.loads(p.stdout)["errors"]]
            assert p.returncode == 2 and len(errs) == 1 and "(node limit: the size limit / 8" in errs[0], errs


WEB = "fixtures/cloudformation/web-stack.yaml"


def notes_of(p):
    return [n["message"] for n in json.loads(p.stdout)["notes"]]


def check_configuration_that_switches_the_gate_off_warns(binary, root):
    """A repository's own .sgcheck.yml that disables or ignores every rule
    passes the gate: the run says so in a warning note; --no-config reads no
    configuration and --config FILE from a trusted path replaces it
    (issue 18 point 13)."""
    web = os.path.join(root, WEB)
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(f"{d}/repo")
        with open(f"{d}/repo/t.yaml", "w") as f, open(web) as src:
            f.write(src.read())
        with open(f"{d}/trusted.yml", "w") as f:
            f.write("fail_on: high\n")
        for body, what in (('disable: ["*"]\n', "disable leaves no rule to run"),
                           ('ignore:\n  - {rule: "SG*", reason: x}\n  - {rule: "*", reason: y}\n',
                            "ignore covers every rule everywhere")):
            with open(f"{d}/repo/.sgcheck.yml", "w") as f:
                f.write(body)
            p = run_sg(binary, "scan", "-f", "json", "t.yaml", cwd=f"{d}/repo")
            notes = notes_of(p)
            assert p.returncode == 0 and any(n.startswith("warning: the configuration's " + what) and
                                             "--no-config" in n for n in notes), (p.returncode, notes)
            for opts in (["--no-config"], ["--config", "../trusted.yml"]):
                p = run_sg(binary, "scan", "-f", "json", *opts, "t.yaml", cwd=f"{d}/repo")
                assert p.returncode == 1 and not notes_of(p), (opts, p.returncode, notes_of(p))
        # ignore entries limited to a file or resource, or expired, are no warning
        with open(f"{d}/repo/.sgcheck.yml", "w") as f:
            f.write('ignore:\n  - {rule: "*", file: "other.yaml", reason: x}\n'
                    '  - {rule: "*", reason: y, expires: 2020-01-01}\n')
        p = run_sg(binary, "scan", "-f", "json", "t.yaml", cwd=f"{d}/repo")
        assert p.returncode == 1 and not any("warning" in n for n in notes_of(p)), notes_of(p)
        p = run_sg(binary, "scan", "--no-config", "--config", "../trusted.yml", "t.yaml", cwd=f"{d}/repo")
        assert p.returncode == 2 and b"--config and --no-config" in p.stderr, (p.returncode, p.stderr)


def check_nothing_checked_warns(binary, root):
    """No rule left to run (--skip-check '*') is a warning note, not a
    silent pass."""
    p = run_sg(binary, "scan", "-f", "json", "--no-config", "--skip-check", "*", WEB, cwd=root)
    notes = notes_of(p)
    assert p.returncode == 0 and notes == ["warning: nothing was checked: no rule runs "
                                           "(--check, --skip-check or the configuration)"], notes


def check_yaml_numbers_only_in_yaml(binary, root):
    """The two readings of a YAML number are YAML's: a JSON template's
    string "026" is the decimal 26, with no note (issue 18 point 9)."""
    tmpl = {"Resources": {"G": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupDescription": "g", "SecurityGroupIngress": [
            {"IpProtocol": "tcp", "FromPort": "026", "ToPort": "026", "CidrIp": "0.0.0.0/0"}]}}}}
    with tempfile.TemporaryDirectory() as d:
        with open(f"{d}/t.json", "w") as f:
            json.dump(tmpl, f)
        p = run_sg(binary, "scan", "-f", "json", "--no-config", "t.json", cwd=d)
        r = json.loads(p.stdout)
        assert not r["notes"], r["notes"]
        assert [f["rule_id"] for f in r["findings"] if f["rule_id"] in ("SG002", "SG005")] == ["SG005"], r["findings"]
        # the same in YAML: SSH (the YAML 1.1 reading) is found, with a note
        with open(f"{d}/t.yaml", "w") as f:
            f.write(json.dumps(tmpl).replace('"026"', "026"))
        p = run_sg(binary, "scan", "-f", "json", "--no-config", "t.yaml", cwd=d)
        r = json.loads(p.stdout)
        assert sorted(f["rule_id"] for f in r["findings"] if f["rule_id"] in ("SG002", "SG005")) == ["SG002", "SG005"]
        assert len(r["notes"]) == 2 and "YAML 1.1" in r["notes"][0]["message"], r["notes"]
