"""Start-up cost (issue 17, point 6): one small template end to end stays
within 2.5 M instructions (callgrind, when valgrind is on the machine; the
count is stable where wall time is not). The built-in rule pack is loaded
in its compact form (tools/rulepack.c); parsing the YAML pack with its
examples cost 5-6 M on its own."""
import os
import re
import shutil
import subprocess
import tempfile

START_UP_BUDGET = 2_500_000


def instructions(binary, *args, cwd=None):
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={d}/cg.out", binary] + list(args),
                           cwd=cwd, capture_output=True, text=True, timeout=300)
        m = re.search(r"Collected : (\d+)", p.stderr)
        assert m, p.stderr[-500:]
        return int(m.group(1)), p.returncode


def check_small_scan_starts_cheaply(binary, root):
    if not shutil.which("valgrind"):
        print("  note: valgrind not found: start-up instruction budget not checked")
        return
    n, rc = instructions(binary, "scan", "-q", "fixtures/cloudformation/clean.yaml", cwd=root)
    assert rc == 0, rc
    assert n <= START_UP_BUDGET, f"a small scan took {n:,} instructions (budget {START_UP_BUDGET:,})"
    # SARIF shows each rule's examples, so it loads the full pack: still correct
    n_sarif, rc = instructions(binary, "scan", "-q", "-f", "sarif", "fixtures/cloudformation/clean.yaml", cwd=root)
    assert rc == 0 and n_sarif > n, (n_sarif, n)
