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
