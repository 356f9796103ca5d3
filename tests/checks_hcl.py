"""Terraform configuration checks (issue 13). Imported by checks.py, so each
check_* here runs like the others: a function (binary, root) that raises
AssertionError when the property does not hold."""
import collections
import os
import re
import shutil
import subprocess
import tempfile


def check_module_dirs_parsed_once(binary, root):
    """Roots detection and the units share what they parse: a scan of
    directories where one module calls another opens each .tf file once
    (it used to parse a called module for roots detection, then again in
    every unit calling it, then again as a candidate)."""
    if not shutil.which("strace"):
        print("note: module_dirs_parsed_once: no strace - skipped")
        return
    with tempfile.TemporaryDirectory() as d:
        trace = os.path.join(d, "trace")
        p = subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", trace, binary, "scan", "-q",
                            "-o", os.path.join(d, "report.txt"), "fixtures/terraform-config"],
                           cwd=root, capture_output=True, timeout=120)
        if p.returncode not in (0, 1) and b"ptrace" in p.stderr:
            print("note: module_dirs_parsed_once: ptrace not permitted - skipped")
            return
        assert p.returncode == 1, (p.returncode, p.stderr)
        opened = collections.Counter()
        with open(trace, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.search(r'openat\([^"]*"([^"]+\.tf(?:\.json)?)"', line)
                if m and "ENOENT" not in line:
                    opened[os.path.normpath(m.group(1))] += 1
    assert opened["fixtures/terraform-config/modules/admin-sg/main.tf"] >= 1, opened
    assert opened["fixtures/terraform-config/web/main.tf"] >= 1, opened
    twice = {f: n for f, n in opened.items() if n != 1}
    assert not twice, f"parsed more than once: {twice}"


PEER_MODULES = os.path.join("..", "shared", "peer-fixtures", "terraform-modules")
PEER_GOLDENS = os.path.join("tests", "expected", "peer-tf")


def peer_examples(root):
    """(golden name, example directory relative to root) of every example
    of terraform-aws-modules' security-group and vpc modules."""
    base = os.path.join(root, PEER_MODULES)
    out = []
    for mod in ("terraform-aws-security-group", "terraform-aws-vpc"):
        ex = os.path.join(base, mod, "examples")
        if not os.path.isdir(ex):
            continue
        for e in sorted(os.listdir(ex)):
            if os.path.isdir(os.path.join(ex, e)):
                out.append((f"{mod.replace('terraform-aws-', '')}-{e}", os.path.join(PEER_MODULES, mod, "examples", e)))
    return out


def peer_scan(binary, root, example):
    env = dict(os.environ, SGCHECK_TODAY="2026-06-01", SOURCE_DATE_EPOCH="1780000000")
    env.pop("NO_COLOR", None)
    p = subprocess.run([binary, "scan", "--no-color", "-j", "1", example], cwd=root, capture_output=True,
                       env=env, timeout=120)
    return f"exit {p.returncode}\n".encode() + p.stdout + p.stderr


def check_peer_examples_match_reviewed_goldens(binary, root):
    """terraform-aws-modules' security-group and vpc examples (peer
    fixtures) evaluate to the findings reviewed by hand against their .tf
    source (issue 13 point 8), kept in tests/expected/peer-tf/. Regenerate
    with `make update-expected`, then review the diff again."""
    examples = peer_examples(root)
    if not examples:
        print("note: peer_examples_match_reviewed_goldens: no peer fixtures at", PEER_MODULES, "- skipped")
        return
    assert len(examples) >= 19, examples
    differ = []
    for name, example in examples:
        golden = os.path.join(root, PEER_GOLDENS, name + ".out")
        want = open(golden, "rb").read() if os.path.exists(golden) else b"(no golden)"
        if peer_scan(binary, root, example) != want:
            differ.append(name)
    assert not differ, f"differ from {PEER_GOLDENS}: {differ}"


def update_peer_tf(binary):
    """`make update-expected` (run_tests.py --update) rewrites these goldens too."""
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not peer_examples(top):
        return
    os.makedirs(os.path.join(top, PEER_GOLDENS), exist_ok=True)
    for name, example in peer_examples(top):
        with open(os.path.join(top, PEER_GOLDENS, name + ".out"), "wb") as f:
            f.write(peer_scan(os.path.abspath(binary), top, example))


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "--update":
        update_peer_tf(sys.argv[2])
    else:
        sys.exit("usage: checks_hcl.py --update BINARY")
