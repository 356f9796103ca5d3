"""Start-up cost (issue 17, point 6): one small template end to end stays
within 2.5 M instructions (callgrind, when valgrind is on the machine; the
count is stable where wall time is not). The built-in rule pack is loaded
in its compact form (tools/rulepack.c); parsing the YAML pack with its
examples cost 5-6 M on its own."""
import os

from checks_perf import instructions, valgrind_unusable

START_UP_BUDGET = 2_500_000


def check_small_scan_starts_cheaply(binary, root):
    """A small scan stays within the start-up budget; SARIF (examples) costs more."""
    why = valgrind_unusable(binary)
    if why:
        print(f"note: start-up instruction budget: {why} - skipped")
        return
    clean = os.path.join(root, "fixtures", "cloudformation", "clean.yaml")
    n = instructions([binary, "scan", "-q", clean])
    assert n and n <= START_UP_BUDGET, f"a small scan took {n:,} instructions (budget {START_UP_BUDGET:,})"
    # SARIF shows each rule's examples, so it loads the full pack: still correct
    n_sarif = instructions([binary, "scan", "-q", "-f", "sarif", clean])
    assert n_sarif and n_sarif > n, (n_sarif, n)
