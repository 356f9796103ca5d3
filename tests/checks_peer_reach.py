"""AWS's sample templates (../shared/peer-fixtures/aws-cfn-templates), the
reachability of every ingress finding, reviewed by hand (issue 14, point 7)
and kept as tests/expected/peer-aws-reach.txt. Imported by checks.py;
`make update-expected` rewrites the golden (review its diff by hand: each
line is a claim about what the internet reaches once the sample deploys).

Notes from the review (2026-12-03), so a change to one of these lines is
read against what was checked:
- DMS/DMSAuroraToS3...: AuroraSecurityGroup opens tcp/3306 to ClientIP
  (Default 0.0.0.0/0) in front of an aurora-postgresql cluster, which
  listens on 5432: SG003 stays (the rule is world-open), the exposure is
  internal (nothing listens on 3306) and SG015 says why.
- ECS/*/public-vpc, private-vpc: PublicLoadBalancerSG admits all traffic
  from anywhere to an internet-facing ALB in PublicSubnetOne, routed to the
  InternetGateway: internet, with the whole path. The ALB listens only on
  80, so SG014 (admin or database port end to end) rightly stays quiet.
- Templates whose subnet, group or VPC comes from a parameter without a
  Default are unknown and name the parameter; an instance or Auto Scaling
  group that names no subnet lands in the default VPC, outside the unit:
  unknown, never internal.
- CloudFront...: ALBExternalAccessSG is on the ALB and on EC2Instance too;
  HTTP/80 at the ALB (which listens only on 443) is internal for it and
  unknown for the instance (its subnet is a parameter).
- VPCPeering-Updates: the rules' groups are parameters: unknown (SG012).
Every JSON twin must give the same verdicts as its YAML twin."""
import json
import os
import re
import subprocess

_HERE = os.path.dirname(os.path.abspath(__file__))
_SAMPLES = os.path.join(_HERE, "..", "..", "shared", "peer-fixtures", "aws-cfn-templates")
_GOLDEN = os.path.join(_HERE, "expected", "peer-aws-reach.txt")


def _samples():
    for dirpath, dirnames, filenames in os.walk(_SAMPLES):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml", ".json")):
                yield os.path.join(dirpath, name)


def _verdicts(binary, path):
    """One line per ingress finding with an exposure: rule, resource,
    reachability and why, then each target's."""
    p = subprocess.run([binary, "scan", "-f", "json", "--fail-on", "none", path],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, (path, p.returncode, p.stderr)
    out = []
    for f in json.loads(p.stdout)["findings"]:
        e = f.get("exposure")
        if not e:
            continue
        targets = "; ".join(f"{t['resource']}={t['reachability']}" + (f" ({t['reason']})" if t.get("reason") else "")
                            for t in e.get("targets", []))
        hops = ""
        for t in e.get("targets", []):
            if t.get("path"):
                hops = " <- ".join(h["resource"] for h in t["path"])
                break
        out.append((f["line"], f"{f['rule_id']} {f['resource']}: {e['reachability']}"
                    + (f" ({e['reason']})" if e.get("reason") else "")
                    + (f" | targets: {targets}" if targets else "")
                    + (f" | path: {hops}" if hops else "")))
    return out


def _dump(binary):
    lines, twins = [], {}
    for path in _samples():
        rel = os.path.relpath(path, _SAMPLES)
        v = _verdicts(binary, path)
        twins.setdefault(re.sub(r"\.(json|ya?ml)$", "", rel), []).append((rel, sorted(x[1] for x in v)))
        lines += [f"{rel}:{line}: {text}" for line, text in v]
    return lines, twins


def update_peer_aws_reach(binary):
    if not os.path.isdir(_SAMPLES):
        return
    lines, _ = _dump(binary)
    with open(_GOLDEN, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def check_aws_samples_reachability_reviewed(binary, root):
    """The reachability of every ingress finding in AWS's samples is the
    one reviewed by hand, and JSON and YAML twins agree."""
    if not os.path.isdir(_SAMPLES):
        return
    lines, twins = _dump(binary)
    with open(_GOLDEN, encoding="utf-8") as f:
        want = f.read().splitlines()
    assert len(want) > 40, "the reviewed golden is missing its lines"
    missing = [w for w in want if w not in lines]
    extra = [g for g in lines if g not in want]
    assert not missing and not extra, "\n    ".join(["missing:"] + missing[:10] + ["unexpected:"] + extra[:10])
    for base, forms in twins.items():
        verdicts = {tuple(v) for _, v in forms}
        assert len(verdicts) == 1, f"{base}: JSON and YAML twins differ: {forms}"
