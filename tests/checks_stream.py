"""Streamed reports (issue 17 point 1). Imported by checks.py, so each
check_* here runs like the others: a function (binary, root) that raises
AssertionError when the property does not hold."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from checks_perf import valgrind_unusable


FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "gitlab-sast")
STREAM_ENV = dict(os.environ, SGCHECK_TODAY="2026-06-01", SOURCE_DATE_EPOCH="1780000000")


def corpus(root, d, copies):
    """A generated corpus of finding-dense templates and plans (200 files,
    31 MB: tools/gen_corpus.py), `copies` times over (hard links: a file
    named twice is scanned once): a file list for --files-from."""
    src = os.path.join(d, "corpus")
    if not os.path.isdir(src):
        subprocess.run([sys.executable, os.path.join(root, "tools", "gen_corpus.py"), src, "--yaml", "100",
                        "--json", "60", "--plans", "40", "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
    files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(src) for f in fs)
    listed = list(files)
    for k in range(1, copies):
        for f in files:
            link = os.path.join(d, f"copy{k}", os.path.relpath(f, src))
            if not os.path.exists(link):
                os.makedirs(os.path.dirname(link), exist_ok=True)
                os.link(f, link)
            listed.append(link)
    listing = os.path.join(d, f"list{copies}")
    with open(listing, "w") as f:
        f.write("\n".join(listed) + "\n")
    return listing


def peak_rss_mib(cmd):
    """Peak resident memory of one run of cmd (exit 0 or 1), in MiB, as
    tools/peak_rss measures it (built beside the unit tests): a child of
    this Python process would count Python's own memory as its floor, and
    a regression would hide below it."""
    tool = os.path.join(os.path.dirname(cmd[0]), "tests", "peak_rss")
    assert os.path.exists(tool), f"{tool} is missing (make builds it with the unit tests)"
    with tempfile.NamedTemporaryFile("r") as out:
        p = subprocess.run([tool, out.name] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=STREAM_ENV)
        assert p.returncode in (0, 1), f"{cmd}: {p.stderr.decode()[-400:]}"
        return int(out.read()) / 1024


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
        bad = {f: r for f, r in grew.items() if r[1] - r[0] > 4}
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
            vulns = json.loads(p.stdout)["vulnerabilities"]
            files = [v["location"]["file"] for v in vulns]
            assert len(vulns) >= 2 and all(f.endswith("child.yaml") for f in files), files
            ids = [v["id"] for v in vulns]
            assert len(set(ids)) == len(ids), f"-j{jobs}: duplicate vulnerability ids {ids}"


def check_reports_survive_an_unusable_tmpdir(binary, root):
    """What a report holds back past 256 KiB goes to a temporary file in
    $TMPDIR; a TMPDIR that does not exist falls back to /tmp, and where no
    temporary file can be made the report stays in memory: never a report
    lost or cut short (it exited 2 with an empty SARIF or JUnit report, and
    a truncated JSON one)."""
    with tempfile.TemporaryDirectory() as d:
        listing = corpus(root, d, 1)
        for fmt in ("sarif", "junit", "json", "text"):
            cmd = [binary, "scan", "--fail-on", "none", "-f", fmt, "--files-from", listing]
            want = subprocess.run(cmd, capture_output=True, env=STREAM_ENV)
            for tmp in ("/nonexistent", "/proc/self"):  # missing; not writable for a temporary file
                got = subprocess.run(cmd, capture_output=True, env=dict(STREAM_ENV, TMPDIR=tmp))
                assert got.returncode == want.returncode == 0, (fmt, tmp, got.stderr.decode()[-300:])
                assert len(want.stdout) > 300_000 and got.stdout == want.stdout, f"{fmt} with TMPDIR={tmp} differs"


def check_file_named_twice_is_scanned_once(binary, root):
    """A file named twice (on the command line, and found again by the walk
    of its directory, or by another path to it) is one unit: its findings
    are reported once, and every GitLab Security report id is unique."""
    once = json.loads(subprocess.run([binary, "scan", "-f", "json", "fixtures/cloudformation"], cwd=root,
                                     capture_output=True, env=STREAM_ENV).stdout)
    twice = subprocess.run([binary, "scan", "-f", "json", "fixtures/cloudformation/web-stack.yaml",
                            "./fixtures/cloudformation/web-stack.yaml", "fixtures/cloudformation"], cwd=root,
                           capture_output=True, env=STREAM_ENV)
    again = json.loads(twice.stdout)
    assert again["summary"] == once["summary"], (again["summary"], once["summary"])
    assert sorted(f["fingerprint"] for f in again["findings"]) == sorted(f["fingerprint"] for f in once["findings"])
    sast = json.loads(subprocess.run([binary, "scan", "-f", "gitlab-sast", "fixtures/cloudformation/web-stack.yaml",
                                      "fixtures/cloudformation"], cwd=root, capture_output=True,
                                     env=STREAM_ENV).stdout)
    ids = [v["id"] for v in sast["vulnerabilities"]]
    assert ids and len(set(ids)) == len(ids)


def check_interrupted_scan_leaves_no_temporary_file(binary, root):
    """Outputs are open for the whole scan, through a temporary file beside
    each: a scan stopped by SIGTERM or SIGINT (a CI timeout, Ctrl-C)
    removes them, and the files they would replace stay as they were."""
    with tempfile.TemporaryDirectory() as d:
        listing = corpus(root, d, 5)
        out = os.path.join(d, "out")
        os.mkdir(out)
        with open(os.path.join(out, "report.json"), "w") as f:
            f.write("old\n")
        for sig in (signal.SIGTERM, signal.SIGINT):
            p = subprocess.Popen([binary, "scan", "-j", "1", "-f", "json", "-o", os.path.join(out, "report.json"),
                                  "--report", "sarif:" + os.path.join(out, "report.sarif"),
                                  "--write-baseline", os.path.join(out, "baseline.json"), "--files-from", listing],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=STREAM_ENV)
            time.sleep(0.4)
            p.send_signal(sig)
            assert p.wait(timeout=60) == -sig, f"exit {p.returncode} after {sig.name}"
            assert sorted(os.listdir(out)) == ["report.json"], sorted(os.listdir(out))
            assert open(os.path.join(out, "report.json")).read() == "old\n"


def check_graph_write_error_names_its_cause(binary, root):
    """sgcheck graph to a full disk exits 2 and says why (the error named
    a stale errno: 'No such file or directory')."""
    with open("/dev/full", "w") as full:
        p = subprocess.run([binary, "graph", "fixtures/reach"], cwd=root, stdout=full, stderr=subprocess.PIPE,
                           env=STREAM_ENV)
    err = p.stderr.decode()
    assert p.returncode == 2 and "No space left on device" in err, (p.returncode, err[-300:])
