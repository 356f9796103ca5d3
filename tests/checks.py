"""Property checks run by run_tests.py: each is a function (binary, root)
that raises AssertionError with a message when the property does not hold."""
import json
import os
import shutil
import subprocess
import tempfile


def sg(binary, *args, cwd=None, stdin=None):
    env = dict(os.environ, SGCHECK_TODAY="2026-06-01", SOURCE_DATE_EPOCH="1780000000")
    return subprocess.run([binary] + list(args), cwd=cwd, capture_output=True, env=env,
                          input=stdin, timeout=120)


def report(binary, *args, cwd=None):
    p = sg(binary, "scan", "--format", "json", *args, cwd=cwd)
    assert p.returncode in (0, 1, 2), f"exit {p.returncode}: {p.stderr.decode()[-500:]}"
    return p.returncode, json.loads(p.stdout)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def check_directory_walk(binary, root):
    """Walks skip .git, .terraform, node_modules, symlinked directories and
    files that are not IaC (silently), and report broken templates."""
    web = open(os.path.join(root, "fixtures/cloudformation/web-stack.yaml")).read()
    with tempfile.TemporaryDirectory() as d:
        write(f"{d}/repo/templates/web.yaml", web)
        write(f"{d}/repo/templates/k8s.yaml", "apiVersion: v1\nkind: Service\nspec: {ports: [22]}\n")
        write(f"{d}/repo/charts/x/templates/dep.yaml", "metadata:\n  name: {{ .Values.name }}\n{{- if x }}\n")
        write(f"{d}/repo/package.json", '{"name": "x"}\n')
        write(f"{d}/repo/templates/notes.txt", "AWSTemplateFormatVersion\n")
        write(f"{d}/repo/templates/broken.yaml", 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {SG: [\n')
        for skipped in (".git", ".terraform", "node_modules/pkg"):
            write(f"{d}/repo/{skipped}/t.yaml", web)
        write(f"{d}/outside/t.yaml", web)
        os.symlink(f"{d}/outside", f"{d}/repo/linked-dir")
        os.symlink(f"{d}/outside/t.yaml", f"{d}/repo/linked-file.yaml")
        code, r = report(binary, "repo", cwd=d)
        files = sorted({f["file"] for f in r["findings"]})
        assert files == ["repo/linked-file.yaml", "repo/templates/web.yaml"], files
        errors = [(e["file"], e["line"]) for e in r["errors"]]
        assert errors == [("repo/templates/broken.yaml", 3)], errors
        assert r["summary"]["files"] == 3, r["summary"]
        assert code == 2


def check_jobs_do_not_change_output(binary, root):
    """-j1 and -j4 give byte-identical reports."""
    one = sg(binary, "scan", "-f", "json", "-j", "1", "fixtures", cwd=root)
    many = sg(binary, "scan", "-f", "json", "-j", "4", "fixtures", cwd=root)
    assert one.stdout == many.stdout and one.returncode == many.returncode, "-j1 and -j4 differ"


def check_parallel_terraform_roots_are_stable(binary, root):
    """Terraform roots load in parallel: 30 runs with 2 workers all give the
    -j1 report (a thread-unsafe call once dropped a whole root now and then)."""
    args = ("scan", "-f", "json", "fixtures/terraform-config")
    want = sg(binary, *args, "-j", "1", cwd=root).stdout
    for i in range(30):
        got = sg(binary, *args, "-j", "2", cwd=root).stdout
        assert got == want, f"run {i + 1} with -j 2 differs from -j 1"


def not_context(report):
    """The rule ids of a report's findings but SG016 (a group nothing uses:
    the fixtures' groups mostly stand alone)."""
    return [f["rule_id"] for f in report["findings"] if f["rule_id"] != "SG016"]


def without_context(report):
    """A report's findings but SG016."""
    return [f for f in report["findings"] if f["rule_id"] != "SG016"]


def check_stdin(binary, root):
    """'-' reads the template from standard input."""
    text = open(os.path.join(root, "fixtures/cloudformation/web-stack.yaml"), "rb").read()
    p = sg(binary, "scan", "-f", "json", "-", stdin=text, cwd=root)
    r = json.loads(p.stdout)
    assert p.returncode == 1 and not_context(r) == ["SG002"], p.stdout[:300]
    assert r["findings"][0]["file"] == "<stdin>"


def check_output_file(binary, root):
    """--output writes the report to a file (atomically), nothing to stdout."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "r.json")
        p = sg(binary, "scan", "-f", "json", "-o", out, "fixtures/cloudformation/web-stack.yaml", cwd=root)
        assert p.returncode == 1 and p.stdout == b"", p.stdout[:200]
        assert not_context(json.load(open(out))) == ["SG002"]
        assert os.listdir(d) == ["r.json"], os.listdir(d)


def check_json_report_shape(binary, root):
    """Every finding has the fields of SPEC 4 with real positions."""
    _, r = report(binary, "fixtures", cwd=root)
    assert set(r) >= {"tool", "findings", "errors", "summary"}
    assert r["tool"]["name"] == "sgcheck"
    keys = {"rule_id", "severity", "title", "message", "file", "line", "column", "resource",
            "resource_type", "suppressed"}
    for f in r["findings"]:
        missing = keys - set(f)
        assert not missing, f"{f['rule_id']} lacks {missing}"
        assert isinstance(f["line"], int) and f["line"] > 0 and f["column"] > 0, f
        assert f["severity"] in ("critical", "high", "medium", "low", "info")
        if f.get("direction"):
            assert {"protocol", "from_port", "to_port", "source"} <= set(f)
    s = r["summary"]
    assert s["findings"] == len(r["findings"]) and s["errors"] == len(r["errors"])


def all_checks():
    return [(name[len("check_"):], fn) for name, fn in sorted(globals().items())
            if name.startswith("check_") and callable(fn)]


PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peer-fixtures")
WORLD_RULES = {"SG001", "SG002", "SG003", "SG004", "SG005"}


def manifest(folder):
    path = os.path.join(PEER, folder, "MANIFEST.tsv")
    if not os.path.exists(path):
        return []
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    return rows


def expected_world_exposure(details):
    """'world-open ingress: G ingress proto=tcp ports=22-22 src=0.0.0.0/0<...>; ...'
    -> {(resource, proto, from, to)} that must be reported (web ports and
    ICMP are authorized/unported and must not be)."""
    world = details.split("world-open ingress:", 1)[1].split("||", 1)[0].strip()
    out = set()
    if world == "none":
        return out
    for item in world.split("; "):
        res, _, proto, ports, _src = item.split(" ", 4)
        proto = proto.split("=", 1)[1]
        lo, hi = ports.split("=", 1)[1].split("-", 1) if "None" not in ports else ("0", "65535")
        if proto == "icmp" or (proto == "tcp" and lo == hi and lo in ("80", "443")):
            continue
        out.add((res, "all" if proto == "-1" else proto, int(lo), int(hi)))
    return out


def check_aws_samples_match_manifest(binary, root):
    """AWS's sample templates: exactly the world-open ingress the peer
    manifest lists by inspection is reported (SG001-SG005), nothing else."""
    rows = [r for r in manifest("aws-cfn-templates") if r["kind"].startswith("cfn")]
    problems = []
    for row in rows:
        path = os.path.join(PEER, "aws-cfn-templates", row["file"])
        _, r = report(binary, "--fail-on", "none", path)
        assert not r["errors"], (row["file"], r["errors"])
        got = {(f["resource"], f["protocol"], f["from_port"], f["to_port"])
               for f in r["findings"] if f["rule_id"] in WORLD_RULES}
        want = expected_world_exposure(row["expected_details"])
        if got != want:
            problems.append(f"{row['file']}: got {sorted(got)}, want {sorted(want)}")
    assert not problems, "\n    ".join(problems)


def text_at(path, line, col):
    with open(path, encoding="utf-8") as f:
        text = f.read().split("\n")[line - 1]
    return text[col - 1:]


def check_terraform_positions_are_the_values(binary, root):
    """In plan JSON, a source-based finding points at the CIDR value itself,
    in the pretty and in the single-line (terraform's own) output alike."""
    for name in ("plan-create.json", "plan-minified.json", "state.json"):
        path = os.path.join(root, "fixtures/terraform", name)
        _, r = report(binary, path)
        sourced = [f for f in r["findings"] if f["rule_id"] in WORLD_RULES | {"SG006", "NACL001"}]
        assert sourced, name
        for f in sourced:
            at = text_at(path, f["line"], f["column"])
            assert at.startswith(json.dumps(f["source"])), f"{name}:{f['line']}:{f['column']} is {at[:30]!r}, not {f['source']}"


def check_plan_delta(binary, root):
    """Plans: exposure the plan adds is 'new', what was there is 'existing',
    and --new-only gates only on new exposure."""
    _, r = report(binary, "fixtures/terraform/plan-update.json", cwd=root)
    got = {(f["resource"], f["from_port"], f["change"]) for f in r["findings"]}
    assert got == {("aws_security_group.bastion", 22, "new"), ("aws_security_group.legacy", 3389, "existing"),
                   ("aws_security_group.app", 23, "existing"), ("aws_security_group.app", 8080, "new"),
                   ("aws_security_group_rule.shared_pg", 5432, "existing")}, got
    p = sg(binary, "scan", "-q", "--new-only", "--fail-on", "critical", "fixtures/terraform/plan-update.json", cwd=root)
    assert p.returncode == 0, p.returncode


def check_real_terraform_plans(binary, root):
    """terraform show -json outputs of format 0.1-1.2 (peer fixtures): no
    finding (none has AWS networking), no error but for the invalid one."""
    rows = [r for r in manifest("terraform-json") if r["kind"] == "tfplan-json"]
    assert rows or not os.path.isdir(PEER), "no terraform-json manifest rows"
    for row in rows:
        path = os.path.join(PEER, "terraform-json", row["file"])
        code, r = report(binary, "--fail-on", "info", path)
        if "INVALID" in row["what_it_tests"]:
            assert code == 2 and len(r["errors"]) == 1 and r["errors"][0]["line"], (row["file"], r["errors"])
            continue
        assert code == 0 and not r["findings"] and not r["errors"], (row["file"], r["findings"][:2], r["errors"])
        assert r["summary"]["files"] == 1, (row["file"], "not detected as Terraform")


def check_config_is_found_upwards(binary, root):
    """.sgcheck.yml is found in the working directory or a parent; --config
    overrides it; relative rule paths in it start at its directory."""
    web = open(os.path.join(root, "fixtures/cloudformation/web-stack.yaml")).read()
    with tempfile.TemporaryDirectory() as d:
        write(f"{d}/repo/.sgcheck.yml", "fail_on: critical\nrules: [policy]\n")
        write(f"{d}/repo/policy/office.yaml", OFFICE_RULE)
        write(f"{d}/repo/infra/web.yaml", web)
        code, r = report(binary, "web.yaml", cwd=f"{d}/repo/infra")
        ids = sorted(not_context(r))
        assert code == 0 and ids == ["OFFICE001", "SG002"], (code, ids, r["errors"])
        write(f"{d}/other.yml", "fail_on: high\n")
        code, r = report(binary, "--config", f"{d}/other.yml", "web.yaml", cwd=f"{d}/repo/infra")
        assert code == 1 and not_context(r) == ["SG002"], code


OFFICE_RULE = """rules:
  - id: OFFICE001
    severity: low
    title: SSH only from the office
    message: "{traffic} from {peer} is not the office"
    when:
      protocol: tcp
      ports: {touches: 22}
      not: {peer_in: [203.0.113.0/24]}
"""


def check_baseline_survives_line_moves(binary, root):
    """--write-baseline then --baseline: old findings are suppressed even
    after lines move; a new finding still fails."""
    web = open(os.path.join(root, "fixtures/cloudformation/web-stack.yaml")).read()
    with tempfile.TemporaryDirectory() as d:
        write(f"{d}/t/web.yaml", web)
        p = sg(binary, "scan", "-q", "--write-baseline", "base.json", "t", cwd=d)
        assert p.returncode == 1, p.returncode
        base = json.load(open(f"{d}/base.json"))
        assert not_context(base) == ["SG002"], base
        # move everything down and reformat a little
        moved = web.replace("Resources:\n", "# a comment\n\n\nResources:\n").replace(
            "          Description: admin access", "          Description:   admin access")
        write(f"{d}/t/web.yaml", moved)
        code, r = report(binary, "--baseline", "base.json", "t", cwd=d)
        assert code == 0, code
        assert [(f["rule_id"], f["suppressed"], f["suppression"]["kind"]) for f in r["findings"]
                if f["rule_id"] != "SG016"] == [("SG002", True, "baseline")], r["findings"]
        # a new exposure is not in the baseline
        write(f"{d}/t/web.yaml", moved.replace("FromPort: 80\n          ToPort: 80", "FromPort: 23\n          ToPort: 23"))
        code, r = report(binary, "--baseline", "base.json", "t", cwd=d)
        fresh = [f["rule_id"] for f in r["findings"] if not f["suppressed"]]
        assert code == 1 and fresh == ["SG004"], (code, fresh)
        # a broken baseline is an error, not an empty one
        write(f"{d}/bad.json", '{"findings": 3}')
        code, r = report(binary, "--baseline", "bad.json", "t", cwd=d)
        assert code == 2 and r["errors"][0]["file"] == "bad.json", r["errors"]


def schema_check(root, schema_file, doc):
    import sys
    sys_path = os.path.join(root, "tests")
    if sys_path not in sys.path:
        sys.path.insert(0, sys_path)
    import jsonschema_lite
    schema = json.load(open(os.path.join(root, schema_file)))
    errors = jsonschema_lite.validate(schema, doc)
    assert not errors, (schema_file, errors[:5])
    assert not jsonschema_lite._sub(schema, schema, doc, "$"), f"the bundled validator disagrees on {schema_file}"
    return schema, jsonschema_lite


def sarif(binary, root, *args):
    p = sg(binary, "scan", "-f", "sarif", *args, cwd=root)
    return json.loads(p.stdout)


def check_sarif_is_valid_and_complete(binary, root):
    """SARIF validates against the 2.1.0 schema; results carry rule index,
    level, a real region, both partial fingerprints, related locations
    linked from the message; rules carry helpUri, help.markdown, precision
    and security-severity; suppressed results are left out."""
    doc = sarif(binary, root, "fixtures", "tests/bad/malformed.yaml")
    schema, lite = schema_check(root, "tests/schemas/sarif-schema-2.1.0.json", doc)
    # both validators catch a broken document
    broken = json.loads(json.dumps(doc))
    broken["runs"][0]["results"][0]["level"] = "severe"
    del broken["runs"][0]["results"][1]["message"]
    assert len(lite._sub(schema, schema, broken, "$")) >= 2
    assert len(lite.validate(schema, broken)) >= 2
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for r in rules:
        assert float(r["properties"]["security-severity"]) > 0, r["id"]
        assert r["properties"]["precision"] in ("very-high", "high", "medium", "low"), r["id"]
        assert r["helpUri"].endswith("docs/catalog.md#" + r["id"].lower()), r["helpUri"]
        md = r["help"]["markdown"]
        assert "**How to fix:**" in md and "**Reported**" in md and "```yaml" in md, (r["id"], md[:200])
        assert len(r["fullDescription"]["text"]) <= 1024 and r["help"]["text"]
    catalog = open(os.path.join(root, "docs", "catalog.md")).read()
    assert all(f"\n### {r['id']}\n" in catalog for r in rules), "a helpUri anchor is missing from docs/catalog.md"
    hashes = set()
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        region = loc["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region.get("endColumn", 99) > region["startColumn"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith(("/", "./"))
        fp = res["partialFingerprints"]
        assert fp["sgcheck/v1"] and fp["primaryLocationLineHash"].startswith(fp["sgcheck/v1"] + ":")
        hashes.add(fp["primaryLocationLineHash"])
        assert "suppressions" not in res, "a suppressed result would open an alert"
        ids = [r["id"] for r in res.get("relatedLocations", [])]
        for i in ids:
            assert f"]({i})" in res["message"]["text"], res["message"]["text"]
    assert len(hashes) == len(run["results"]), "primaryLocationLineHash is not unique"
    assert any(r.get("relatedLocations") for r in run["results"]), "no trace as relatedLocations"
    assert run["invocations"][0]["executionSuccessful"] is False  # malformed.yaml
    # suppressed findings: left out, or kept with suppressions on request
    plain = sarif(binary, root, "fixtures/cloudformation/suppressed.yaml")["runs"][0]["results"]
    kept = sarif(binary, root, "--sarif-suppressed", "fixtures/cloudformation/suppressed.yaml")
    schema_check(root, "tests/schemas/sarif-schema-2.1.0.json", kept)
    kept = kept["runs"][0]["results"]
    _, r = report(binary, "fixtures/cloudformation/suppressed.yaml", cwd=root)
    assert len(plain) == sum(not f["suppressed"] for f in r["findings"]) and len(kept) == len(r["findings"])
    assert sum(1 for x in kept if x.get("suppressions")) == sum(f["suppressed"] for f in r["findings"]) > 0


def check_sarif_caps_results_at_github_limit(binary, root):
    """More than 25,000 results: the 25,000 most severe stay, a warning
    notification and run properties say how many there were."""
    rules = ["  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: big\n"
             "      SecurityGroupIngress:\n"]
    for i in range(12600):  # each: SG005 (medium) + SG010 (low, no description)
        rules.append(f"        - {{IpProtocol: tcp, FromPort: {10000 + i}, ToPort: {10000 + i}, CidrIp: 0.0.0.0/0}}\n")
    for _ in range(5):  # each: SG002 (high) + SG010
        rules.append("        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n")
    with tempfile.TemporaryDirectory() as d:
        write(f"{d}/big.yaml", "Resources:\n" + "".join(rules))
        doc = json.loads(sg(binary, "scan", "-f", "sarif", "big.yaml", cwd=d).stdout)
        _, r = report(binary, "big.yaml", cwd=d)
    sev = [f["severity"] for f in r["findings"]]
    assert len(sev) > 25200, len(sev)
    run = doc["runs"][0]
    res = run["results"]
    assert len(res) == 25000, len(res)
    levels = [x["level"] for x in res]
    # every high and medium finding is kept; only low ones are dropped
    assert levels.count("error") == sev.count("high") and levels.count("warning") == sev.count("medium"), \
        (levels.count("error"), levels.count("warning"))
    assert run["properties"]["sgcheck/truncated"] is True and run["properties"]["sgcheck/results"] == len(sev)
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any(n["level"] == "warning" and "25000" in n["message"]["text"] for n in notes), notes
    lines = [x["locations"][0]["physicalLocation"]["region"]["startLine"] for x in res]
    assert lines == sorted(lines), "kept results are not in report order"


def check_junit_validates_and_gates(binary, root):
    """JUnit: valid against Jenkins' junit-10.xsd; one testcase per (file,
    rule) with stable names; a failure only where the gate fails, the rest
    in system-out; an error per file that cannot be scanned."""
    import re
    import shutil
    import xml.etree.ElementTree as ET
    p = sg(binary, "scan", "-f", "junit", "--fail-on", "high", "fixtures/cloudformation", "tests/bad/malformed.yaml", cwd=root)
    if shutil.which("xmllint"):
        with tempfile.TemporaryDirectory() as d:
            write(f"{d}/r.xml", p.stdout.decode())
            v = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(root, "tests/schemas/junit-10.xsd"), f"{d}/r.xml"],
                               capture_output=True)
            assert v.returncode == 0, v.stderr.decode()[-800:]
            # and the schema is strict: what the old writer emitted fails
            write(f"{d}/bad.xml", '<testsuites><testsuite name="a" tests="1" failures="0" errors="0">'
                  '<testcase name="x" file="a.yaml" line="3"/></testsuite></testsuites>')
            v = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(root, "tests/schemas/junit-10.xsd"), f"{d}/bad.xml"],
                               capture_output=True)
            assert v.returncode != 0
    top = ET.fromstring(p.stdout)
    nrules = len(json.loads(sg(binary, "rules", "list", "--format", "json").stdout))
    _, r = report(binary, "--fail-on", "high", "fixtures/cloudformation", "tests/bad/malformed.yaml", cwd=root)
    failing = {(f["file"], f["rule_id"]) for f in r["findings"]
               if not f["suppressed"] and f["severity"] in ("high", "critical")}
    total_f = 0
    for suite in top.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        failures = sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("failures")) == failures and int(suite.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
        total_f += failures
        if suite.get("name") == "tests/bad/malformed.yaml":
            assert [c.get("name") for c in cases] == ["load"] and cases[0].find("error") is not None
            continue
        assert len(cases) == nrules, (suite.get("name"), len(cases))
        for c in cases:
            assert not re.search(r":\d+", c.get("name")), c.get("name")
            assert set(c.attrib) <= {"name", "classname", "time"}, c.attrib
            rid = c.get("name").split()[0]
            assert (c.find("failure") is not None) == ((suite.get("name"), rid) in failing), (suite.get("name"), rid)
    assert int(top.get("failures")) == total_f == len(failing)
    hygiene = ET.fromstring(sg(binary, "scan", "-f", "junit", "fixtures/cloudformation/hygiene.yaml", cwd=root).stdout)
    outs = [c for c in hygiene.iter("testcase") if c.find("system-out") is not None]
    assert outs and not list(hygiene.iter("failure")), "findings below the gate must not fail"


def check_github_annotations(binary, root):
    """GitHub workflow commands: one per unsuppressed finding and error, the
    most severe first; errors that name no file carry no file."""
    import re
    p = sg(binary, "scan", "-f", "github", "nothere.yaml", "fixtures/cloudformation", "tests/bad/malformed.yaml", cwd=root)
    lines = p.stdout.decode().splitlines()
    ann = [l for l in lines if l.startswith("::")]
    pat = re.compile(r"^::(error|warning|notice) (file=[^,]+,line=\d+,col=\d+,)?title=[^:]+::.+$")
    bad = [l for l in ann if not pat.match(l)]
    assert ann and not bad, bad[:3]
    assert ann[0].startswith("::error title=sgcheck error::nothere.yaml"), ann[0]
    assert not any(".sgcheck.yml" in l for l in ann)
    _, r = report(binary, "fixtures/cloudformation", "tests/bad/malformed.yaml", cwd=root)
    want = sum(1 for f in r["findings"] if not f["suppressed"]) + len(r["errors"]) + 1
    assert len(ann) == want, (len(ann), want)
    rank = {"error": 0, "warning": 1, "notice": 2}
    kinds = [rank[l[2:].split(" ", 1)[0]] for l in ann]
    assert kinds == sorted(kinds), "annotations are not most severe first"


def check_gitlab_sast_report(binary, root):
    """--format gitlab-sast validates against GitLab's Security report schema
    (15.0.6); suppressed findings are left out; ids are unique and stable."""
    p = sg(binary, "scan", "-f", "gitlab-sast", "fixtures", "tests/bad/malformed.yaml", cwd=root)
    doc = json.loads(p.stdout)
    schema_check(root, "tests/schemas/gitlab-sast-report-format-15.0.6.json", doc)
    _, r = report(binary, "fixtures", "tests/bad/malformed.yaml", cwd=root)
    vulns = doc["vulnerabilities"]
    assert len(vulns) == sum(not f["suppressed"] for f in r["findings"])
    assert len({v["id"] for v in vulns}) == len(vulns)
    assert doc["scan"]["status"] == "failure" and doc["scan"]["messages"][0]["level"] == "warn"
    again = json.loads(sg(binary, "scan", "-f", "gitlab-sast", "fixtures", cwd=root).stdout)
    assert [v["id"] for v in again["vulnerabilities"]] == [v["id"] for v in vulns]
    assert all(not v["location"]["file"].startswith(("/", "./")) for v in vulns)


def check_json_report_schema(binary, root):
    """The JSON report validates against docs/report.schema.json and carries
    its schema_version."""
    _, r = report(binary, "fixtures", "tests/bad/malformed.yaml", "tests/bad/not-iac.yaml", cwd=root)
    schema, lite = schema_check(root, "docs/report.schema.json", r)
    assert r["schema_version"] == schema["properties"]["schema_version"]["const"]
    r["findings"][0]["line"] = 0
    assert lite.validate(schema, r) and lite._sub(schema, schema, r, "$")


def check_gitlab_code_quality(binary, root):
    """GitLab Code Quality: issues with check_name, description, severity,
    unique fingerprint and location path/lines.begin."""
    p = sg(binary, "scan", "-f", "gitlab", "fixtures", cwd=root)
    issues = json.loads(p.stdout)
    assert issues
    for i in issues:
        assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert i["location"]["lines"]["begin"] >= 1 and i["location"]["path"]
        assert i["check_name"] and i["description"]
    fps = [i["fingerprint"] for i in issues]
    assert len(fps) == len(set(fps)), "fingerprints are not unique"


def check_man_page_matches_help(binary, root):
    """Every option --help lists is in the man page, and the other way round;
    make install puts both binary and man page under PREFIX."""
    import re
    help_text = sg(binary, "--help").stdout.decode()
    man = open(os.path.join(root, "docs", "sgcheck.1")).read().replace("\\-", "-")
    man = man.split(".SH OPTIONS", 1)[1].split(".SH EXIT STATUS", 1)[0]
    in_help = set(re.findall(r"--[a-z][a-z-]+", help_text))
    in_man = set(re.findall(r"--[a-z][a-z-]+", man))
    assert in_help == in_man, f"only in --help: {in_help - in_man}; only in the man page: {in_man - in_help}"
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run(["make", "-s", "install", f"PREFIX={d}"], cwd=root, capture_output=True)
        assert p.returncode == 0, p.stderr.decode()[-500:]
        assert os.access(f"{d}/bin/sgcheck", os.X_OK) and os.path.exists(f"{d}/share/man/man1/sgcheck.1")


def check_files_from(binary, root):
    """--files-from reads a list (e.g. git diff --name-only): files that are
    not templates, gone, or not IaC are skipped silently."""
    listing = b"README.md\nfixtures/cloudformation/web-stack.yaml\ngone.yaml\ntests/bad/not-iac.yaml\n\n"
    p = sg(binary, "scan", "-f", "json", "--files-from", "-", cwd=root, stdin=listing)
    r = json.loads(p.stdout)
    assert p.returncode == 1 and r["summary"]["files"] == 1 and not r["notes"], r["summary"]


def check_docs_rule_examples(binary, root):
    """Every rule file shown in docs/rules.md validates, and its examples pass:
    a user can copy them."""
    import re
    text = open(os.path.join(root, "docs", "rules.md")).read()
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if re.search(r"^rules:", b, re.M)]
    assert len(blocks) >= 5, len(blocks)
    with tempfile.TemporaryDirectory() as d:
        for i, block in enumerate(blocks):
            path = os.path.join(d, f"doc{i}.yaml")
            write(path, block)
            v = sg(binary, "rules", "validate", path)
            assert v.returncode == 0, f"block {i + 1}: {v.stderr.decode()}"
            t = sg(binary, "rules", "test", path)
            assert t.returncode == 0 and b" 0 failed" in t.stdout, f"block {i + 1}: {t.stdout.decode()}"


def check_rule_catalog_is_current(binary, root):
    """docs/catalog.md is what `rules list --format markdown` prints."""
    p = sg(binary, "rules", "list", "--format", "markdown")
    doc = open(os.path.join(root, "docs", "catalog.md"), "rb").read()
    assert doc.endswith(p.stdout), "docs/catalog.md is stale: regenerate it (see its header)"


def check_shards_cover_everything_once(binary, root):
    """--shard K/N: the N slices are disjoint and together cover all files."""
    _, whole = report(binary, "fixtures", cwd=root)
    seen = []
    for k in range(1, 4):
        _, part = report(binary, "--shard", f"{k}/3", "fixtures", cwd=root)
        seen += sorted({f["file"] for f in part["findings"]} | {e["file"] for e in part["errors"]})
    files = sorted({f["file"] for f in whole["findings"]} | {e["file"] for e in whole["errors"]})
    assert sorted(seen) == files, (sorted(seen), files)


def check_string_length_limit(binary, root):
    """A string over the 16 MiB limit is a located error; the other files
    are still scanned."""
    with tempfile.TemporaryDirectory() as d:
        big = os.path.join(d, "big.json")
        with open(big, "w") as f:
            f.write('{"AWSTemplateFormatVersion": "2010-09-09", "Description": "')
            f.write("x" * (17 * 1024 * 1024))
            f.write('", "Resources": {}}\n')
        code, r = report(binary, big, os.path.join(root, "fixtures/cloudformation/web-stack.yaml"))
        assert code == 2, code
        assert [e["line"] for e in r["errors"]] == [1] and "limit" in r["errors"][0]["message"], r["errors"]
        assert not_context(r) == ["SG002"], r["findings"]


def check_valgrind_clean(binary, root):
    """valgrind finds no invalid access and no leak on every fixture and
    every hostile input."""
    import shutil
    if not shutil.which("valgrind"):
        return
    for target in ("fixtures", "tests/bad"):
        p = subprocess.run(["valgrind", "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite",
                            "-q", binary, "scan", "-q", "-f", "json", "-o", os.devnull, "-j", "2", target],
                           cwd=root, capture_output=True, timeout=600)
        assert p.returncode in (0, 1, 2), f"{target}: valgrind: {p.stderr.decode()[-1500:]}"


def git_repo(d):
    subprocess.run(["git", "init", "-q", d], check=True)
    subprocess.run(["git", "-C", d, "config", "user.email", "t@example.com"], check=True)
    subprocess.run(["git", "-C", d, "config", "user.name", "t"], check=True)
    subprocess.run(["git", "-C", d, "config", "core.quotepath", "false"], check=True)


def check_paths_are_repository_relative(binary, root):
    """The same file gives the same repo_path, fingerprint, SARIF uri and
    GitLab path however it is named and from whichever folder sgcheck runs;
    a baseline written one way applies the other; ignore `file:` globs are
    relative to the configuration file's directory; --skip-path matches
    repository paths."""
    web = open(os.path.join(root, "fixtures/cloudformation/web-stack.yaml")).read()
    with tempfile.TemporaryDirectory() as d:
        repo = os.path.join(d, "repo")
        git_repo(repo)
        write(f"{repo}/infra/net/web.yaml", web)
        namings = [(repo, "infra/net/web.yaml"), (repo, "./infra/net/web.yaml"), (repo, "infra/net/../net/web.yaml"),
                   (repo, f"{repo}/infra/net/web.yaml"), (f"{repo}/infra", "net/web.yaml"),
                   (f"{repo}/infra/net", "./web.yaml"), (f"{repo}/infra/net", "../../infra/net/web.yaml")]
        seen = set()
        for cwd, name in namings:
            _, r = report(binary, name, cwd=cwd)
            f = r["findings"][0]
            doc = json.loads(sg(binary, "scan", "-f", "sarif", name, cwd=cwd).stdout)
            uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            gl = json.loads(sg(binary, "scan", "-f", "gitlab", name, cwd=cwd).stdout)[0]["location"]["path"]
            seen.add((f["repo_path"], f["fingerprint"], uri, gl))
        assert len(seen) == 1, seen
        rp, _, uri, gl = seen.pop()
        assert rp == uri == gl == "infra/net/web.yaml", (rp, uri, gl)
        # baseline written from the root, applied from a subfolder with another name
        sg(binary, "scan", "-q", "--write-baseline", "base.json", "./infra/net/web.yaml", cwd=repo)
        assert json.load(open(f"{repo}/base.json"))["findings"][0]["file"] == "infra/net/web.yaml"
        code, r = report(binary, "--baseline", "../../base.json", "web.yaml", cwd=f"{repo}/infra/net")
        assert code == 0 and r["findings"][0]["suppression"]["kind"] == "baseline", r["findings"]
        # ignore globs relative to the configuration's directory, found upwards
        write(f"{repo}/infra/.sgcheck.yml", 'ignore:\n  - {rule: SG002, file: "net/*.yaml", reason: bastion}\n')
        for cwd, name in ((f"{repo}/infra", "net/web.yaml"), (f"{repo}/infra/net", "web.yaml")):
            code, r = report(binary, name, cwd=cwd)
            assert code == 0 and without_context(r)[0]["suppression"]["kind"] == "config", (cwd, r["findings"])
        code, r = report(binary, "--config", "infra/.sgcheck.yml", "infra/net/web.yaml", cwd=repo)
        assert code == 0, r["findings"]
        write(f"{repo}/infra/.sgcheck.yml", 'ignore:\n  - {rule: SG002, file: "infra/net/*.yaml", reason: no}\n')
        code, r = report(binary, "net/web.yaml", cwd=f"{repo}/infra")
        assert code == 1, "a glob is relative to the configuration's directory, not the root"
        os.remove(f"{repo}/infra/.sgcheck.yml")
        # --skip-path is matched against the repository path, from anywhere
        for cwd, name in ((repo, "."), (f"{repo}/infra/net", ".")):
            code, r = report(binary, "--skip-path", "infra/net", name, cwd=cwd)
            assert code == 0 and not r["findings"], (cwd, r["findings"])
            assert "nothing to check" in r["notes"][0]["message"], r["notes"]
    # outside any repository, the working directory is the root
    with tempfile.TemporaryDirectory() as d:
        write(f"{d}/a/web.yaml", web)
        _, r1 = report(binary, "a/web.yaml", cwd=d)
        _, r2 = report(binary, "./a/./web.yaml", cwd=d)
        assert r1["findings"][0]["repo_path"] == r2["findings"][0]["repo_path"] == "a/web.yaml"
        assert r1["findings"][0]["fingerprint"] == r2["findings"][0]["fingerprint"]


def check_several_reports_in_one_run(binary, root):
    """--report FMT:FILE writes more reports of the same scan; the text report
    still goes to stdout; clashing destinations are a usage error."""
    with tempfile.TemporaryDirectory() as d:
        p = sg(binary, "scan", "--no-color", "--report", f"sarif:{d}/r.sarif", "--report", f"junit:{d}/r.xml",
               "--report", f"json:{d}/r.json", "fixtures/cloudformation/web-stack.yaml", cwd=root)
        assert p.returncode == 1 and b"[SG002]" in p.stdout, p.stdout[:300]
        assert [x for x in json.load(open(f"{d}/r.sarif"))["runs"][0]["results"]
                if x["ruleId"] != "SG016"][0]["ruleId"] == "SG002"
        assert not_context(json.load(open(f"{d}/r.json")))[0] == "SG002"
        assert b"<testsuites" in open(f"{d}/r.xml", "rb").read()
        p = sg(binary, "scan", "-f", "json", "-o", f"{d}/main.json", "--report", "text",
               "fixtures/cloudformation/web-stack.yaml", cwd=root)
        assert p.returncode == 1 and b"[SG002]" in p.stdout and os.path.exists(f"{d}/main.json")
        for args in (["-o", "a", "-o", "b"], ["--report", "json"], ["-o", "x", "--report", "sarif:x"],
                     ["--report", "sarif:y", "--report", "json:y"]):
            p = sg(binary, "scan", *args, "fixtures/cloudformation/web-stack.yaml", cwd=d)
            assert p.returncode == 2 and b"Try 'sgcheck --help'" in p.stderr, (args, p.stderr)
        assert sorted(os.listdir(d)) == ["main.json", "r.json", "r.sarif", "r.xml"], os.listdir(d)


def check_version_and_build_info(binary, root):
    """--version names the version, the rule pack's version and the build."""
    import re
    out = sg(binary, "--version").stdout.decode().splitlines()
    assert re.match(r"^sgcheck \d+\.\d+\.\d+$", out[0]), out
    n = len(json.loads(sg(binary, "rules", "list", "--format", "json").stdout))
    assert re.match(rf"^rule pack: {n} built-in rules, version \d+\.\d+\.\d+-[0-9a-f]{{16}}$", out[1]), out
    assert re.match(r"^build: commit \S+, (gcc|clang) .+, libyaml \d.+, PCRE2 \d.+$", out[2]), out


def check_color_and_no_color(binary, root):
    """Colour only on a terminal, never with NO_COLOR set (non-empty) or
    --no-color."""
    import pty
    import select

    def on_tty(extra_env, *args):
        pid, fd = pty.fork()
        if pid == 0:
            env = dict(os.environ, **extra_env)
            os.chdir(root)
            os.execve(binary, [binary, *args, "fixtures/cloudformation/web-stack.yaml"], env)
        out = b""
        while True:
            r, _, _ = select.select([fd], [], [], 10)
            if not r:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.waitpid(pid, 0)
        return out
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    os.environ.pop("NO_COLOR", None)
    assert b"\x1b[" in on_tty({}), "no colour on a terminal"
    assert b"\x1b[" in on_tty({"NO_COLOR": ""}), "an empty NO_COLOR must not disable colour"
    assert b"\x1b[" not in on_tty({"NO_COLOR": "1"})
    assert b"\x1b[" not in on_tty({}, "--no-color")
    assert b"\x1b[" not in sg(binary, "scan", "fixtures/cloudformation/web-stack.yaml", cwd=root).stdout
    os.environ.clear()
    os.environ.update(env)


def check_shell_completion(binary, root):
    """The bash and zsh completions know every option --help lists, and the
    bash one completes options and formats."""
    import re
    import shutil
    opts = set(re.findall(r"--[a-z][a-z-]+", sg(binary, "--help").stdout.decode()))
    for f in ("sgcheck.bash", "_sgcheck"):
        text = open(os.path.join(root, "tools/completion", f)).read()
        missing = {o for o in opts if not re.search(re.escape(o) + r"(?![a-z-])", text)}
        assert not missing, (f, missing)
    script = (f'source {root}/tools/completion/sgcheck.bash; '
              'COMP_WORDS=(sgcheck scan --for); COMP_CWORD=2; _sgcheck; echo "${COMPREPLY[*]}"; '
              'COMP_WORDS=(sgcheck scan --format s); COMP_CWORD=3; _sgcheck; echo "${COMPREPLY[*]}"; '
              'COMP_WORDS=(sgcheck rules v); COMP_CWORD=2; _sgcheck; echo "${COMPREPLY[*]}"')
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True).stdout.splitlines()
    assert out == ["--format", "sarif", "validate"], out
    if shutil.which("zsh"):
        p = subprocess.run(["zsh", "-n", os.path.join(root, "tools/completion/_sgcheck")], capture_output=True)
        assert p.returncode == 0, p.stderr


def check_make_install_and_uninstall(binary, root):
    """make install honours PREFIX and DESTDIR (binary, man page, bash and zsh
    completion); make uninstall removes exactly that."""
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run(["make", "-s", "install", "PREFIX=/opt/sg", f"DESTDIR={d}"], cwd=root, capture_output=True)
        assert p.returncode == 0, p.stderr.decode()[-500:]
        want = ["opt/sg/bin/sgcheck", "opt/sg/share/bash-completion/completions/sgcheck",
                "opt/sg/share/man/man1/sgcheck.1", "opt/sg/share/zsh/site-functions/_sgcheck"]
        got = sorted(os.path.relpath(os.path.join(dp, f), d) for dp, _, fs in os.walk(d) for f in fs)
        assert got == want, got
        assert os.access(f"{d}/opt/sg/bin/sgcheck", os.X_OK)
        p = subprocess.run(["make", "-s", "uninstall", "PREFIX=/opt/sg", f"DESTDIR={d}"], cwd=root, capture_output=True)
        assert p.returncode == 0 and not [f for _, _, fs in os.walk(d) for f in fs], p.stderr


def check_make_without_libraries(binary, root):
    """A plain make on a machine without the libraries stops with one line
    naming what is missing and `make deps`, before any compiler runs."""
    with tempfile.TemporaryDirectory() as d:
        write(f"{d}/bin/pkg-config", "#!/bin/sh\n[ \"$1\" = --exists ] && [ \"$2\" = yaml-0.1 ] && exit 1\nexec /usr/bin/pkg-config \"$@\"\n")
        os.chmod(f"{d}/bin/pkg-config", 0o755)
        env = dict(os.environ, PATH=f"{d}/bin:" + os.environ["PATH"])
        p = subprocess.run(["make", f"BUILD={d}/build"], cwd=root, capture_output=True, env=env, timeout=120)
        err = p.stderr.decode().strip().splitlines()
        assert p.returncode != 0, "make went on without libyaml"
        assert err and "yaml-0.1" in err[0] and "make deps" in err[0] and "libyaml-dev" in err[0], err
        assert not os.path.exists(f"{d}/build/obj"), "a compiler ran"


WEB_OPEN = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                             "fixtures/cloudformation/web-stack.yaml")).read()
WEB_CLOSED = WEB_OPEN.replace("Default: 0.0.0.0/0", "Default: 203.0.113.0/24")
MEDIUM_ONLY = """Resources:
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 0.0.0.0/0, Description: app}
      SecurityGroupEgress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: out}
"""


def git(repo, *args, check=True, env=None):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, check=check, env=env, timeout=300)


def readme_block(root, marker):
    """The code block of README.md that follows the line holding marker."""
    text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    after = text.split(marker, 1)[1]
    return after.split("```", 2)[1].split("\n", 1)[1]


def check_raw_git_hook_from_readme(binary, root):
    """The README's .git/hooks/pre-commit checks the staged blobs, not the
    working tree, and handles names with spaces, quotes, newlines and
    non-ASCII characters."""
    assert WEB_CLOSED != WEB_OPEN
    hook = readme_block(root, "as `.git/hooks/pre-commit`")
    with tempfile.TemporaryDirectory() as d:
        repo = f"{d}/repo"
        git_repo(repo)
        write(f"{repo}/.git/hooks/pre-commit", hook)
        os.chmod(f"{repo}/.git/hooks/pre-commit", 0o755)
        env = dict(os.environ, PATH=os.path.dirname(binary) + ":" + os.environ["PATH"])
        name = "stacks/web stack \u00e9t\u00e9 'q'\nline.yaml"
        write(f"{repo}/{name}", WEB_OPEN)
        write(f"{repo}/README.md", "not a template\n")
        git(repo, "add", "-A")
        write(f"{repo}/{name}", WEB_CLOSED)  # fixed in the working tree only
        p = git(repo, "commit", "-qm", "open", check=False, env=env)
        out = p.stdout.decode() + p.stderr.decode()
        assert p.returncode != 0 and "[SG002]" in out and "web stack \u00e9t\u00e9" in out, out[-800:]
        git(repo, "add", "-A")  # stage the fix
        write(f"{repo}/{name}", WEB_OPEN)  # and break the working tree again
        p = git(repo, "commit", "-qm", "closed", check=False, env=env)
        assert p.returncode == 0, (p.stdout + p.stderr).decode()[-800:]
        # the repository's configuration applies
        write(f"{repo}/app.yaml", MEDIUM_ONLY)
        git(repo, "add", "app.yaml")
        assert git(repo, "commit", "-qm", "medium", check=False, env=env).returncode != 0
        write(f"{repo}/.sgcheck.yml", "fail_on: high\n")
        assert git(repo, "commit", "-qm", "medium", check=False, env=env).returncode == 0


def hook_repo(root, d):
    """A git repository holding this working tree's sources (committed or
    not), as pre-commit clones a hook repository."""
    import shutil
    repo = f"{d}/hooks"
    git_repo(repo)
    for item in ("Makefile", ".pre-commit-hooks.yaml", "checker", "rules", "tools", "docs"):
        src = os.path.join(root, item)
        (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, os.path.join(repo, item))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hooks")
    return repo, git(repo, "rev-parse", "HEAD").stdout.decode().strip()


def check_pre_commit_hooks(binary, root):
    """Both pre-commit hooks, run by pre-commit itself: try-repo on the
    system hook; a config using both with `args:`, which reach sgcheck; the
    script hook builds sgcheck in its checkout; names with spaces work;
    non-IaC files are skipped silently."""
    import shutil
    if not shutil.which("pre-commit"):
        print("note: pre_commit_hooks: pre-commit missing (make test installs it) - skipped")
        return
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, PRE_COMMIT_HOME=f"{d}/cache", PATH=os.path.dirname(binary) + ":" + os.environ["PATH"])
        hooks, rev = hook_repo(root, d)
        work = f"{d}/work"
        git_repo(work)
        write(f"{work}/my stack.yaml", WEB_OPEN)
        write(f"{work}/app.yaml", MEDIUM_ONLY)
        write(f"{work}/k8s/svc.yaml", "apiVersion: v1\nkind: Service\n")
        git(work, "add", "-A")

        def pc(*args):
            return subprocess.run(["pre-commit", *args], cwd=work, capture_output=True, env=env, timeout=600)
        p = pc("try-repo", hooks, "sgcheck-system", "--all-files")
        out = p.stdout.decode()
        assert p.returncode == 1 and "my stack.yaml:24:11: high" in out and "[SG005]" in out, out[-1500:]
        assert "not a CloudFormation" not in out, "a non-IaC file was not skipped silently"
        write(f"{work}/.pre-commit-config.yaml", f"""repos:
  - repo: {hooks}
    rev: {rev}
    hooks:
      - id: sgcheck
        args: [--fail-on, critical]
      - id: sgcheck-system
        args: [--fail-on, high]
        files: app
""")
        git(work, "add", "-A")
        p = pc("run", "--all-files")
        out = p.stdout.decode() + p.stderr.decode()
        assert p.returncode == 0, out[-2000:]
        assert out.count("Passed") == 2, out[-1500:]
        p = pc("run", "--all-files", "--verbose", "sgcheck")
        out = p.stdout.decode()
        assert p.returncode == 0 and "[SG002]" in out and "at or above critical" not in out, out[-1500:]


def check_action_scan_step(binary, root):
    """The Action's scan step: paths one per line (spaces kept), args split
    like a shell line, one run for the report file and the annotations,
    exit code and a category per job and inputs in $GITHUB_OUTPUT."""
    script = os.path.join(root, "tools/action-scan.sh")
    with tempfile.TemporaryDirectory() as d:
        write(f"{d}/my stacks/web stack.yaml", WEB_OPEN)
        write(f"{d}/app.yaml", MEDIUM_ONLY)

        def run(**inputs):
            out = f"{d}/github_output"
            if os.path.exists(out):
                os.remove(out)
            env = dict(os.environ, SG_BIN=binary, GITHUB_OUTPUT=out, GITHUB_JOB="scan", **inputs)
            p = subprocess.run(["bash", script], cwd=d, capture_output=True, env=env, timeout=120)
            vals = dict(l.split("=", 1) for l in open(out).read().split())
            return p, vals
        p, out = run(SG_PATHS="my stacks/web stack.yaml\n  app.yaml  \n", SG_OUTPUT="r.sarif")
        lines = p.stdout.decode().splitlines()
        assert p.returncode == 0 and out["exit-code"] == "1", (out, p.stderr)
        assert lines[0].startswith("::error file=my stacks/web stack.yaml,line=24"), lines[:2]
        assert any(l.startswith("::warning file=app.yaml") for l in lines), lines
        results = json.load(open(f"{d}/r.sarif"))["runs"][0]["results"]
        assert sorted(r["ruleId"] for r in results if r["ruleId"] != "SG016") == ["SG002", "SG005"]
        p, out2 = run(SG_PATHS="app.yaml", SG_ARGS="--fail-on 'high' --skip-check \"SG010\"", SG_OUTPUT="r.sarif")
        assert out2["exit-code"] == "0", (out2, p.stdout)
        assert out2["category"].startswith("sgcheck/scan/") and out2["category"] != out["category"]
        p, out3 = run(SG_PATHS="app.yaml", SG_ANNOTATIONS="false", SG_FORMAT="json", SG_OUTPUT="r.json",
                      SG_CATEGORY="infra")
        assert out3 == {"exit-code": "1", "category": "infra"} and not p.stdout.startswith(b"::"), (out3, p.stdout[:200])
        assert not_context(json.load(open(f"{d}/r.json")))[0] == "SG005"


def check_ci_files_point_at_what_exists(binary, root):
    """The Action uses upload-sarif@v4 with a per-job category and a fork
    guard; the workflows set permissions; the project's CI runs the Action;
    the Dockerfile copies what the build needs; README examples pin no
    version that no release workflow would make."""
    import re
    action = open(os.path.join(root, "action.yml")).read()
    assert "github/codeql-action/upload-sarif@v4" in action and "@v3" not in action
    assert "category: ${{ steps.scan.outputs.category }}" in action
    assert "head.repo.fork" in action and "tools/action-scan.sh" in action
    ci = open(os.path.join(root, ".github/workflows/ci.yml")).read()
    assert "permissions:" in ci and "uses: ./" in ci and "matrix:" in ci and "clang" in ci
    release = open(os.path.join(root, ".github/workflows/release.yml")).read()
    assert 'tags: ["v*"]' in release and "SHA256SUMS" in release and "docker build" in release
    docker = open(os.path.join(root, "Dockerfile")).read()
    assert docker.startswith("#") and "debian:12-slim" in docker
    for src in re.findall(r"^COPY (?!--)(\S+)", docker, re.M):
        assert os.path.exists(os.path.join(root, src)), src
    readme = open(os.path.join(root, "README.md")).read()
    assert "v0.1.0" not in readme.split("## In CI and in pre-commit", 1)[1], "README pins a release that does not exist"
    hooks = open(os.path.join(root, ".pre-commit-hooks.yaml")).read()
    assert hooks.count("require_serial: true") == 2


def hcl_dump_tool(binary):
    """The test-only dump tool is built beside the unit tests of the same build."""
    return os.path.join(os.path.dirname(binary), "tests", "hcl_dump")


def peer_tf_files():
    base = os.path.join(PEER, "terraform-modules")
    found = []
    for top, dirs, files in os.walk(base):
        dirs.sort()
        found += [os.path.join(top, f) for f in sorted(files) if f.endswith(".tf")]
    return found


def check_hcl_parses_peer_modules(binary, root):
    """Every .tf file of terraform-aws-modules' security-group and vpc
    modules (peer fixtures, with their examples) parses without error."""
    files = peer_tf_files()
    if not files:
        print("note: hcl_parses_peer_modules: no peer fixtures at", PEER, "- skipped")
        return
    tool = hcl_dump_tool(binary)
    assert os.access(tool, os.X_OK), f"{tool} is not built"
    failures = []
    for path in files:
        p = subprocess.run([tool, path], capture_output=True, timeout=60)
        if p.returncode != 0:
            failures.append(p.stderr.decode(errors="replace").strip() or f"{path}: exit {p.returncode}")
    assert not failures, f"{len(failures)} of {len(files)} files fail:\n    " + "\n    ".join(failures[:10])
    assert len(files) >= 100, f"only {len(files)} peer .tf files"


def check_hcl_matches_hashicorp(binary, root):
    """Our HCL parser against HashiCorp's own (their Go parser compiled to
    WebAssembly, npm @cdktf/hcl2json, installed by make deps): the same
    structure, literals and canonical expressions for every peer-fixture
    .tf file and tests/hcl/*.tf (see tests/hcl_diff.js for what is
    compared). Skipped, with a note, without node or the package."""
    modules = os.path.join(root, "build", "npm", "node_modules")
    node = shutil.which("node")
    if not node or not os.path.isdir(os.path.join(modules, "@cdktf", "hcl2json")):
        print("note: hcl_matches_hashicorp: node or @cdktf/hcl2json missing (make deps) - skipped")
        return
    ours = os.path.join(root, "tests", "hcl")
    files = peer_tf_files() + sorted(os.path.join(ours, f) for f in os.listdir(ours) if f.endswith(".tf"))
    env = dict(os.environ, NODE_PATH=modules)
    p = subprocess.run([node, os.path.join(root, "tests", "hcl_diff.js"), hcl_dump_tool(binary)] + files,
                       capture_output=True, env=env, timeout=600)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out[-3000:] + p.stderr.decode(errors="replace")[-1000:]
    summary = out.strip().splitlines()[-1] if out.strip() else "no output"
    print(f"note: hcl_matches_hashicorp: {summary}")


def union_template(rules, extra=""):
    body = "".join(f"        - {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: {c}, Description: r{i}}}\n"
                   for i, c in enumerate(rules))
    return ('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n'
            "    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n" + body +
            "      SecurityGroupEgress:\n        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8,"
            " Description: https}\n" + extra)


def world_unions(r):
    return [f for f in r["findings"] if "union_of" in f]


def check_union_is_exact_and_order_free(binary, root):
    """Halves of the internet add up in a group of any size (not only within
    the first 64 rules); the union finding, its message and fingerprint do not
    depend on the order the members are written in; a suppression on any
    member applies; the JSON lists every member."""
    fillers = [f"10.{i // 256}.{i % 256}.0/24" for i in range(80)]
    with tempfile.TemporaryDirectory() as d:
        write(f"{d}/large.yaml", union_template(["0.0.0.0/1"] + fillers + ["128.0.0.0/1"]))
        _, r = report(binary, f"{d}/large.yaml")
        unions = world_unions(r)
        assert len(unions) == 1, [f["message"] for f in r["findings"]]
        assert [m["source"] for m in unions[0]["union_of"]] == ["0.0.0.0/1", "128.0.0.0/1"], unions[0]
        upper = ("  Upper:\n    Type: AWS::EC2::SecurityGroupIngress\n{meta}    Properties:\n"
                 "      GroupId: !GetAtt SG.GroupId\n      IpProtocol: tcp\n      FromPort: 22\n"
                 "      ToPort: 22\n      CidrIp: {cidr}\n")
        inline = fillers[:3] + ["0.0.0.0/1", "128.0.0.0/1"]
        seen = []
        for rules in (inline, inline[::-1]):
            write(f"{d}/order/t.yaml", union_template(rules))
            _, r = report(binary, "order/t.yaml", cwd=d)
            seen.append([(f["fingerprint"], f["resource"], f["message"],
                          [m["source"] for m in f["union_of"]]) for f in world_unions(r)])
        assert len(seen[0]) == 1 and seen[0] == seen[1], seen
        seen = []
        for first in (True, False):
            t = union_template(fillers[:3] + ["128.0.0.0/1"]).split("Resources:\n", 1)
            alone = upper.format(meta="", cidr="0.0.0.0/1")
            write(f"{d}/order/t.yaml", t[0] + "Resources:\n" + (alone + t[1] if first else t[1] + alone))
            _, r = report(binary, "order/t.yaml", cwd=d)
            seen.append([(f["fingerprint"], f["resource"], f["message"]) for f in world_unions(r)])
        assert len(seen[0]) == 1 and seen[0] == seen[1], seen
        meta = "    Metadata:\n      sgcheck:\n        suppress:\n          - {rule: SG*, reason: accepted}\n"
        write(f"{d}/supp.yaml", union_template(fillers[:3] + ["0.0.0.0/1"],
                                               upper.format(meta=meta, cidr="128.0.0.0/1")))
        _, r = report(binary, f"{d}/supp.yaml")
        unions = world_unions(r)
        assert unions and all(f["suppressed"] for f in unions), unions

# issue 18: outputs, inputs and text under hostile conditions
from checks_hostile import *  # noqa: E402,F401,F403
from checks_peer_reach import *  # noqa: E402,F401,F403
from checks_startup import *  # noqa: E402,F401,F403

# issue 15 (second pass): CI fit checks the first pass left out
from checks_ci import *  # noqa: E402,F401,F403

# issue 16: correctness, second pass
from checks_corr import *  # noqa: E402,F401,F403

# issue 13: Terraform configuration
from checks_hcl import *  # noqa: E402,F401,F403

# issue 17: performance (linear in template size)
from checks_perf import *  # noqa: E402,F401,F403
from checks_stream import *  # noqa: E402,F401,F403

# issue 18 points 7, 9, 10, 13: loader limits, YAML numbers, baselines, configuration trust
from checks_input import *  # noqa: E402,F401,F403
