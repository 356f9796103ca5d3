"""Correctness checks of issue 16 (imported by checks.py): each check_* is a
function (binary, root) that raises AssertionError when the property does
not hold."""
import json
import os
import subprocess
import tempfile

CHILD = """Resources:
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: outside
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Description: ssh}
"""

PARENT = """Resources:
  Inside:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: %s
"""


def corr_run(binary, *args, cwd=None):
    return subprocess.run([os.path.abspath(binary)] + list(args), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=60)


def check_nested_stack_never_leaves_the_root(binary, root):
    """A nested stack's TemplateURL is read only under the scanned root: a
    path with .. or a symlink that leads outside is a note, and the template
    there (which opens SSH to the world) is never read."""
    with tempfile.TemporaryDirectory() as d:
        outside = os.path.join(d, "outside")
        repo = os.path.join(d, "repo")
        os.makedirs(outside)
        os.makedirs(os.path.join(repo, ".git"))
        with open(os.path.join(outside, "child.yaml"), "w") as f:
            f.write(CHILD)
        os.symlink(os.path.join(outside, "child.yaml"), os.path.join(repo, "link.yaml"))
        for url in ("../outside/child.yaml", "link.yaml", os.path.join(outside, "child.yaml")):
            with open(os.path.join(repo, "parent.yaml"), "w") as f:
                f.write(PARENT % url)
            p = corr_run(binary, "scan", "-f", "json", "parent.yaml", cwd=repo)
            r = json.loads(p.stdout)
            assert p.returncode == 0, (url, p.returncode, p.stderr)
            assert not r["findings"], (url, r["findings"])
            assert any("outside the scanned root" in n["message"] for n in r["notes"]), (url, r["notes"])
        # the same child inside the root is scanned
        with open(os.path.join(repo, "child.yaml"), "w") as f:
            f.write(CHILD)
        with open(os.path.join(repo, "parent.yaml"), "w") as f:
            f.write(PARENT % "child.yaml")
        p = corr_run(binary, "scan", "-f", "json", "parent.yaml", cwd=repo)
        r = json.loads(p.stdout)
        assert p.returncode == 1 and any(f["rule_id"] == "SG002" and f["file"] == "child.yaml"
                                         for f in r["findings"]), (p.returncode, r["findings"])


def check_empty_file_same_outcome_named_or_walked(binary, root):
    """An empty file is an error (exit 2) whether it is named or found in a
    directory walk, and a template of Custom:: resources only is scanned
    both ways (issue 16 point 12)."""
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "empty.yaml"), "w").close()
        named = corr_run(binary, "scan", "-f", "json", os.path.join(d, "empty.yaml"))
        walked = corr_run(binary, "scan", "-f", "json", d)
        assert named.returncode == walked.returncode == 2, (named.returncode, walked.returncode)
        assert [e["message"] for e in json.loads(named.stdout)["errors"]] == \
            [e["message"] for e in json.loads(walked.stdout)["errors"]]
        os.remove(os.path.join(d, "empty.yaml"))
        with open(os.path.join(d, "custom.yaml"), "w") as f:
            f.write("Resources:\n  X:\n    Type: Custom::Thing\n    Properties: {ServiceToken: arn:x}\n")
        for arg in (os.path.join(d, "custom.yaml"), d):
            r = json.loads(corr_run(binary, "scan", "-f", "json", arg).stdout)
            assert r["summary"]["files"] == 1 and r["summary"]["resources"] == 1, (arg, r["summary"])
