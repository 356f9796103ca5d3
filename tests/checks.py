"""Property checks run by run_tests.py: each is a function (binary, root)
that raises AssertionError with a message when the property does not hold."""
import json
import os
import shutil
import subprocess
import tempfile


def sg(binary, *args, cwd=None, stdin=None):
    env = dict(os.environ, SGCHECK_TODAY="2026-06-01")
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


def check_stdin(binary, root):
    """'-' reads the template from standard input."""
    text = open(os.path.join(root, "fixtures/cloudformation/web-stack.yaml"), "rb").read()
    p = sg(binary, "scan", "-f", "json", "-", stdin=text, cwd=root)
    r = json.loads(p.stdout)
    assert p.returncode == 1 and [f["rule_id"] for f in r["findings"]] == ["SG002"], p.stdout[:300]
    assert r["findings"][0]["file"] == "<stdin>"


def check_output_file(binary, root):
    """--output writes the report to a file (atomically), nothing to stdout."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "r.json")
        p = sg(binary, "scan", "-f", "json", "-o", out, "fixtures/cloudformation/web-stack.yaml", cwd=root)
        assert p.returncode == 1 and p.stdout == b"", p.stdout[:200]
        assert json.load(open(out))["summary"]["findings"] == 1
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
        ids = sorted(f["rule_id"] for f in r["findings"])
        assert code == 0 and ids == ["OFFICE001", "SG002"], (code, ids, r["errors"])
        write(f"{d}/other.yml", "fail_on: high\n")
        code, r = report(binary, "--config", f"{d}/other.yml", "web.yaml", cwd=f"{d}/repo/infra")
        assert code == 1 and [f["rule_id"] for f in r["findings"]] == ["SG002"], code


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
        assert len(base["findings"]) == 1 and base["findings"][0]["rule_id"] == "SG002", base
        # move everything down and reformat a little
        moved = web.replace("Resources:\n", "# a comment\n\n\nResources:\n").replace(
            "          Description: admin access", "          Description:   admin access")
        write(f"{d}/t/web.yaml", moved)
        code, r = report(binary, "--baseline", "base.json", "t", cwd=d)
        assert code == 0, code
        assert [(f["rule_id"], f["suppressed"], f["suppression"]["kind"]) for f in r["findings"]] == \
            [("SG002", True, "baseline")], r["findings"]
        # a new exposure is not in the baseline
        write(f"{d}/t/web.yaml", moved.replace("FromPort: 80\n          ToPort: 80", "FromPort: 23\n          ToPort: 23"))
        code, r = report(binary, "--baseline", "base.json", "t", cwd=d)
        fresh = [f["rule_id"] for f in r["findings"] if not f["suppressed"]]
        assert code == 1 and fresh == ["SG004"], (code, fresh)
        # a broken baseline is an error, not an empty one
        write(f"{d}/bad.json", '{"findings": 3}')
        code, r = report(binary, "--baseline", "bad.json", "t", cwd=d)
        assert code == 2 and r["errors"][0]["file"] == "bad.json", r["errors"]


def check_sarif_is_valid_and_complete(binary, root):
    """SARIF validates against the 2.1.0 schema; results carry rule index,
    level, a real region, partial fingerprints, related locations for the
    trace, suppressions; rules carry security-severity."""
    sys_path = os.path.join(root, "tests")
    import sys
    if sys_path not in sys.path:
        sys.path.insert(0, sys_path)
    import jsonschema_lite
    # the OASIS SARIF 2.1.0 schema, kept in the repository
    schema = json.load(open(os.path.join(root, "tests", "schemas", "sarif-schema-2.1.0.json")))
    p = sg(binary, "scan", "-f", "sarif", "fixtures", "tests/bad/malformed.yaml", cwd=root)
    doc = json.loads(p.stdout)
    errors = jsonschema_lite.validate(schema, doc)
    assert not errors, errors[:5]
    assert not jsonschema_lite._sub(schema, schema, doc, "$"), "the bundled validator disagrees"
    # and both catch a broken document
    broken = json.loads(p.stdout)
    broken["runs"][0]["results"][0]["level"] = "severe"
    del broken["runs"][0]["results"][1]["message"]
    assert len(jsonschema_lite._sub(schema, schema, broken, "$")) >= 2
    assert len(jsonschema_lite.validate(schema, broken)) >= 2
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(float(r["properties"]["security-severity"]) > 0 for r in rules)
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uri["uriBaseId"] == "%SRCROOT%" and not uri["uri"].startswith(("/", "./"))
        assert res["partialFingerprints"]["sgcheck/v1"]
    assert any(r.get("relatedLocations") for r in run["results"]), "no trace as relatedLocations"
    assert any(r.get("suppressions") for r in run["results"]), "no suppressed result"
    assert run["invocations"][0]["executionSuccessful"] is False  # malformed.yaml


def check_junit_is_well_formed(binary, root):
    """JUnit: a testsuite per file with consistent counts; a failing
    testcase per finding, skipped per suppressed one, error per bad file."""
    import xml.etree.ElementTree as ET
    p = sg(binary, "scan", "-f", "junit", "fixtures/cloudformation", "tests/bad/malformed.yaml", cwd=root)
    top = ET.fromstring(p.stdout)
    total_f = 0
    for suite in top.findall("testsuite"):
        cases = suite.findall("testcase")
        failures = sum(1 for c in cases if c.find("failure") is not None)
        skipped = sum(1 for c in cases if c.find("skipped") is not None)
        errors = sum(1 for c in cases if c.find("error") is not None)
        assert int(suite.get("tests")) == len(cases), suite.get("name")
        assert (int(suite.get("failures")), int(suite.get("skipped")), int(suite.get("errors"))) == \
            (failures, skipped, errors), suite.get("name")
        total_f += failures
    assert int(top.get("failures")) == total_f
    assert any(s.get("name") == "tests/bad/malformed.yaml" and s.get("errors") == "1" for s in top)


def check_github_annotations(binary, root):
    """GitHub workflow commands: one per unsuppressed finding and error, with
    file, line, col and a title; level by severity; data escaped."""
    import re
    p = sg(binary, "scan", "-f", "github", "fixtures/cloudformation", "tests/bad/malformed.yaml", cwd=root)
    lines = p.stdout.decode().splitlines()
    ann = [l for l in lines if l.startswith("::")]
    pat = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$")
    bad = [l for l in ann if not pat.match(l)]
    assert ann and not bad, bad[:3]
    _, r = report(binary, "fixtures/cloudformation", "tests/bad/malformed.yaml", cwd=root)
    want = sum(1 for f in r["findings"] if not f["suppressed"]) + len(r["errors"])
    assert len(ann) == want, (len(ann), want)
    assert all("\n" not in l for l in ann)


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
        assert [f["rule_id"] for f in r["findings"]] == ["SG002"], r["findings"]


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
