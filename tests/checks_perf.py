"""Performance checks (issue 17). Imported by checks.py, so each check_*
here runs like the others: a function (binary, root) that raises
AssertionError when the property does not hold."""
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

SMALL, LARGE = 200, 2000
# 10x the groups may cost at most this many times the instructions
LINEAR_LIMIT = 12.0


def valgrind_unusable(binary):
    """Why instructions cannot be counted for binary, or None: valgrind is
    missing, or the binary is a sanitizer build (make sanitize runs these
    checks too; ASan and valgrind do not run together)."""
    if not shutil.which("valgrind"):
        return "no valgrind on PATH"
    with open(binary, "rb") as f:
        if b"__asan_init" in f.read():
            return "a sanitizer build"
    return None


def instructions(cmd):
    """Instructions executed by cmd under valgrind (deterministic, unlike
    wall time on a shared machine), or None when valgrind cannot run it.
    Cachegrind without its cache simulation counts the same instructions
    as callgrind about 3x faster."""
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={d}/cg.out"]
                           + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in p.stderr.splitlines():
        if "refs:" in line:
            return int(line.split("refs:")[1].replace(",", "").strip())
    return None


def generate(root, kind, n, d):
    """tools/gen_large.py's input of n groups; the path to scan."""
    out = os.path.join(d, f"{kind}{n}" + {"cfn": ".yaml", "plan": ".json", "tf": "", "reach": ".yaml"}[kind])
    subprocess.run([sys.executable, os.path.join(root, "tools", "gen_large.py"), kind, str(n), out], check=True)
    return out


def size_growth(binary, root, kind, d):
    """How much more a LARGE-group input costs than a SMALL-group one, in
    instructions per group: (I(LARGE) - I(1)) / (I(SMALL) - I(1)). The
    one-group run takes out the start-up (rule pack, process), which is the
    same for both and would hide a quadratic term. Linear is LARGE/SMALL."""
    counts = []
    for n in (1, SMALL, LARGE):
        path = generate(root, kind, n, d)
        cmd = [binary, "scan", "-q", "--fail-on", "none", "-f", "json", "-o", os.path.join(d, f"{kind}{n}.out"),
               path]
        counts.append(instructions(cmd))
        if counts[-1] is None:
            raise AssertionError(f"valgrind gave no instruction count for {cmd}")
    one, small, large = counts
    return (large - one) / (small - one), counts


def check_linear_in_template_size(binary, root):
    """Issue 17 point 4: a CloudFormation template, a Terraform plan and a
    Terraform configuration of 10x the security groups (and rules,
    references, instances: tools/gen_large.py), and a VPC of 10x the public
    tiers sharing one group (the resource graph, issue 14), cost at most ~12x the
    instructions, beyond the fixed start-up. Per-resource lookups that scan
    the whole template (a group's rules, Ref and GetAtt targets, addresses)
    made it quadratic. Skipped, with a note, where valgrind is missing."""
    why = valgrind_unusable(binary)
    if why:
        print(f"note: linear-size check (issue 17 point 4): {why} - skipped")
        return
    with tempfile.TemporaryDirectory() as d:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            futs = {k: ex.submit(size_growth, binary, root, k, d) for k in ("cfn", "plan", "tf", "reach")}
            results = {k: f.result() for k, f in futs.items()}
    bad = {k: (round(r, 2), c) for k, (r, c) in results.items() if r > LINEAR_LIMIT}
    assert not bad, (f"{LARGE} groups cost more than {LINEAR_LIMIT}x the instructions of {SMALL} "
                     f"(ratio, [I(1), I({SMALL}), I({LARGE})]): {bad}")


FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "gitlab-sast")
STREAM_ENV = dict(os.environ, SGCHECK_TODAY="2026-06-01", SOURCE_DATE_EPOCH="1780000000")


def corpus(root, d, copies):
    """A generated corpus of finding-dense templates and plans (200 files,
    31 MB: tools/gen_corpus.py), listed `copies` times over: a file list
    for --files-from."""
    src = os.path.join(d, "corpus")
    if not os.path.isdir(src):
        subprocess.run([sys.executable, os.path.join(root, "tools", "gen_corpus.py"), src, "--yaml", "100",
                        "--json", "60", "--plans", "40", "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
    files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(src) for f in fs)
    listing = os.path.join(d, f"list{copies}")
    with open(listing, "w") as f:
        f.write("\n".join(files * copies) + "\n")
    return listing


def peak_rss_mib(cmd):
    """Peak resident memory of one run of cmd (exit 0 or 1), in MiB."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=STREAM_ENV)
    _, status, ru = os.wait4(p.pid, 0)
    err = p.stderr.read().decode()
    p.stderr.close()
    assert os.waitstatus_to_exitcode(status) in (0, 1), f"{cmd}: {err[-400:]}"
    return ru.ru_maxrss / 1024


def check_report_memory_flat_in_corpus_size(binary, root):
    """Issue 17 point 1, SPEC 9: the report streams, so scanning a corpus
    five times over takes no more memory than scanning it once, in every
    format (each unit's share is written, or spilled, as soon as the units
    before it are; JUnit and SARIF hold their bodies in a spill until the
    totals). Before, every finding was held to the end: 200 files x5 grew
    peak RSS by ~25 MiB. Skipped for sanitizer builds (their shadow memory
    is not the program's)."""
    if valgrind_unusable(binary) == "a sanitizer build":
        print("note: flat-memory check: a sanitizer build - skipped")
        return
    with tempfile.TemporaryDirectory() as d:
        once, five = corpus(root, d, 1), corpus(root, d, 5)
        grew = {}
        for fmt in FORMATS:
            scan = [binary, "scan", "-q", "--fail-on", "none", "-f", fmt, "-j", "2", "-o", os.devnull, "--files-from"]
            rss1, rss5 = peak_rss_mib(scan + [once]), peak_rss_mib(scan + [five])
            grew[fmt] = (round(rss1, 1), round(rss5, 1))
        bad = {f: r for f, r in grew.items() if r[1] - r[0] > 6}
        assert not bad, f"peak RSS (MiB, corpus once vs five times) grows with the corpus: {bad}"


def check_reports_identical_for_any_jobs(binary, root):
    """Issue 17 point 1: units finish in any order, yet every report (all
    seven formats and --write-baseline, written in one run) is
    byte-identical for -j1, -j2 and -j5, on a corpus larger than the
    window of units a worker may run ahead (16 per job), and the same as
    each format written on its own."""
    with tempfile.TemporaryDirectory() as d:
        listing = corpus(root, d, 2)
        got = {}
        for jobs in ("1", "2", "5"):
            out = os.path.join(d, f"j{jobs}")
            os.mkdir(out)
            cmd = [binary, "scan", "--fail-on", "none", "-j", jobs, "-f", "json", "-o", os.path.join(out, "main.json"),
                   "--write-baseline", os.path.join(out, "baseline"), "--files-from", listing]
            for fmt in FORMATS:
                cmd += ["--report", f"{fmt}:{os.path.join(out, fmt.replace('-', '_'))}"]
            p = subprocess.run(cmd, capture_output=True, env=STREAM_ENV)
            assert p.returncode == 0, p.stderr.decode()[-500:]
            got[jobs] = {n: open(os.path.join(out, n), "rb").read() for n in sorted(os.listdir(out))}
        for jobs in ("2", "5"):
            differ = [n for n in got["1"] if got["1"][n] != got[jobs][n]]
            assert not differ, f"-j1 and -j{jobs} reports differ: {differ}"
        assert got["1"]["main.json"] == got["1"]["json"] and len(got["1"]) == len(FORMATS) + 2
        for fmt in ("text", "sarif", "junit"):
            alone = subprocess.run([binary, "scan", "--fail-on", "none", "-f", fmt, "--files-from", listing],
                                   capture_output=True, env=STREAM_ENV).stdout
            assert alone == got["1"][fmt.replace("-", "_")], f"{fmt} written alone differs from --report {fmt}"


def check_shared_nested_template_ids_stay_unique(binary, root):
    """Shares are rendered per unit, so occurrence counts are per unit: a
    nested template two parents deploy gives the same finding in both
    units, and its GitLab Security report ids must still differ (the
    unit's path goes into the id of a finding in a file it does not own;
    every other id is as before)."""
    child = ("Parameters:\n  Source:\n    Type: String\nResources:\n  Admin:\n"
             "    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: admin\n"
             "      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n"
             "          ToPort: 22\n          CidrIp: !Ref Source\n")
    parent = ("Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
              "      TemplateURL: child.yaml\n      Parameters:\n        Source: 0.0.0.0/0\n")
    with tempfile.TemporaryDirectory() as d:
        for name, text in (("a.yaml", parent), ("b.yaml", parent), ("child.yaml", child)):
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        for jobs in ("1", "2"):
            p = subprocess.run([binary, "scan", "--fail-on", "none", "-f", "gitlab-sast", "-j", jobs, d],
                               capture_output=True, env=STREAM_ENV)
            vulns = __import__("json").loads(p.stdout)["vulnerabilities"]
            files = [v["location"]["file"] for v in vulns]
            assert len(vulns) >= 2 and all(f.endswith("child.yaml") for f in files), files
            ids = [v["id"] for v in vulns]
            assert len(set(ids)) == len(ids), f"-j{jobs}: duplicate vulnerability ids {ids}"
