#!/usr/bin/env python3
"""sgcheck's test driver: unit tests, golden end-to-end cases, the rules'
own examples and the checks in tests/checks.py. Ends with 'N passed, N failed'.

  run_tests.py --binary build/sgcheck --unit-dir build/tests
  run_tests.py --binary build/sgcheck --update     rewrite the goldens

Golden cases live in tests/cases.txt, one per line:

  NAME  EXIT  ARG...        (whitespace separated; '#' starts a comment)

The binary runs with ARG... from the repository root; its stdout must equal
tests/expected/NAME.out and, when it writes to stderr, tests/expected/NAME.err;
its exit status must equal EXIT. --update rewrites the outputs and EXIT.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "tests", "cases.txt")
EXPECTED = os.path.join(ROOT, "tests", "expected")


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def ok(self, n=1):
        self.passed += n

    def fail(self, name, detail, n=1):
        self.failed += n
        self.failures.append(name)
        print(f"FAIL {name}\n{detail}".rstrip())


def env_for_tests():
    env = dict(os.environ)
    env["SGCHECK_TODAY"] = "2026-06-01"  # ignore-entry expiry is date based
    env["SOURCE_DATE_EPOCH"] = "1780000000"  # scan times in the GitLab Security report
    env.pop("NO_COLOR", None)
    return env


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, env=env_for_tests(), **kw)


def unit_tests(unit_dir, tally):
    if not unit_dir or not os.path.isdir(unit_dir):
        return
    for name in sorted(os.listdir(unit_dir)):
        path = os.path.join(unit_dir, name)
        if not name.startswith("test_") or not os.access(path, os.X_OK):
            continue
        p = run([path], timeout=300)
        out = p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")
        passed = sum(int(n) for n in re.findall(r"\[  PASSED  \] (\d+) test", out))
        failed = sum(int(n) for n in re.findall(r"\[  FAILED  \] (\d+) test", out))
        tally.ok(passed)
        if failed or p.returncode != 0:
            tally.fail(f"unit {name}", out[-3000:], max(failed, 1))


def parse_cases():
    cases = []
    with open(CASES, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words = shlex.split(line)
            cases.append((lineno, words[0], int(words[1]), words[2:]))
    return cases


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def golden_cases(binary, tally, update):
    cases = parse_cases()
    new_lines = {}
    for lineno, name, want_exit, args in cases:
        p = run([binary] + args, timeout=120)
        out_path = os.path.join(EXPECTED, name + ".out")
        err_path = os.path.join(EXPECTED, name + ".err")
        if update:
            os.makedirs(EXPECTED, exist_ok=True)
            with open(out_path, "wb") as f:
                f.write(p.stdout)
            if p.stderr:
                with open(err_path, "wb") as f:
                    f.write(p.stderr)
            elif os.path.exists(err_path):
                os.remove(err_path)
            new_lines[lineno] = (name, p.returncode)
            continue
        problems = []
        if p.returncode != want_exit:
            problems.append(f"  exit {p.returncode}, expected {want_exit}")
        if p.returncode < 0 or p.returncode > 2:
            problems.append("  crashed")
        for label, got, path in (("stdout", p.stdout, out_path), ("stderr", p.stderr, err_path)):
            want = read(path) or b""
            if got != want:
                problems.append(f"  {label} differs from {os.path.relpath(path, ROOT)}:")
                problems.append(diff(want.decode(errors="replace"), got.decode(errors="replace")))
        if problems:
            tally.fail(f"case {name} ({' '.join(args)})", "\n".join(problems))
        else:
            tally.ok()
    if update:
        rewrite_exit_codes(new_lines)
        print(f"updated {len(new_lines)} golden outputs in tests/expected/")


def rewrite_exit_codes(new_lines):
    with open(CASES, encoding="utf-8") as f:
        lines = f.readlines()
    for lineno, (name, code) in new_lines.items():
        line = lines[lineno - 1]
        m = re.match(r"^(\s*\S+\s+)(\d+)(.*)$", line, re.S)
        if m:
            lines[lineno - 1] = f"{m.group(1)}{code}{m.group(3)}"
    with open(CASES, "w", encoding="utf-8") as f:
        f.writelines(lines)


def diff(want, got):
    import difflib
    lines = list(difflib.unified_diff(want.splitlines(), got.splitlines(), "expected", "actual", lineterm="", n=2))
    return "\n".join("    " + l for l in lines[:60])


def rule_examples(binary, tally):
    p = run([binary, "rules", "test"], timeout=300)
    out = p.stdout.decode(errors="replace")
    m = re.search(r"(\d+) passed, (\d+) failed", out)
    if not m:
        tally.fail("rules test", out + p.stderr.decode(errors="replace"))
        return
    tally.ok(int(m.group(1)))
    if int(m.group(2)) or p.returncode:
        tally.fail("rules test", out, int(m.group(2)) or 1)


def tf_expression_cases(binary, tally):
    """tests/tf/eval.txt: every Terraform expression case, evaluated by
    build/tests/tf_eval in tests/tf/eval/; one test per case."""
    tool = os.path.join(os.path.dirname(binary), "tests", "tf_eval")
    path = os.path.join(ROOT, "tests", "tf", "eval.txt")
    cases = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip() and not line.startswith("#"):
                expr, want = line.rstrip("\n").split(" ==> ", 1)
                cases.append((lineno, expr, want))
    p = run([tool, "tests/tf/eval"], input="\n".join(e for _, e, _ in cases).encode() + b"\n", timeout=120)
    got = p.stdout.decode(errors="replace").split("\n")
    for (lineno, expr, want), value in zip(cases, got + [""] * len(cases)):
        ok = value == want or (want.startswith("error:") and value.startswith("error:") and want[7:] in value)
        if ok:
            tally.ok()
        else:
            tally.fail(f"tf expression (eval.txt:{lineno}) {expr}", f"  want {want}\n  got  {value}")
    terraform_console_differential(cases, tally)


def terraform_console_differential(cases, tally):
    """The same expressions through `terraform console` (no provider
    needed), where a terraform binary is on PATH: jsonencode() of both
    must agree. Cases that name the test module's variables, locals or
    resources are left out (an empty module has none)."""
    import shutil
    import tempfile
    if not shutil.which("terraform"):
        print("note: terraform console differential: no terraform binary on PATH - skipped")
        return
    mine = [(n, e, w) for n, e, w in cases if not re.search(r"\b(var|local|aws_vpc|path|terraform)\.", e)]
    with tempfile.TemporaryDirectory() as d:
        exprs = "\n".join(f"jsonencode({e})" for _, e, _ in mine) + "\n"
        p = subprocess.run(["terraform", "console"], cwd=d, input=exprs.encode(), capture_output=True, timeout=600)
    out = [l for l in p.stdout.decode(errors="replace").split("\n") if l.strip()]
    agreed = 0
    for (lineno, expr, want), line in zip(mine, out):
        theirs = "unknown" if "known after apply" in line else line
        if theirs.startswith('"') and not want.startswith("error:"):
            theirs = json.loads(theirs)  # console shows jsonencode()'s string
        if want.startswith("error:") or theirs == want or want == "unknown" and theirs == "unknown":
            agreed += 1
        else:
            tally.fail(f"terraform console (eval.txt:{lineno}) {expr}", f"  ours {want}\n  terraform {theirs}")
    tally.ok(agreed)


def checks(binary, tally):
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import checks as c  # noqa: E402
    for name, fn in c.all_checks():
        try:
            fn(binary, ROOT)
            tally.ok()
        except AssertionError as e:
            tally.fail(f"check {name}", f"  {e}")
        except Exception as e:  # a crash in a check is a failure, not a stop
            tally.fail(f"check {name}", f"  {type(e).__name__}: {e}")


def update_check_goldens(binary):
    """The goldens a check keeps itself (tests/checks*.py update_*)."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import checks as c  # noqa: E402
    for name, fn in sorted(vars(c).items()):
        if name.startswith("update_") and callable(fn):
            fn(binary)
            print(f"updated {name[len('update_'):]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "sgcheck"))
    ap.add_argument("--unit-dir")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    tally = Tally()
    if a.update:
        golden_cases(binary, tally, True)
        update_check_goldens(binary)
        return 0
    unit_tests(a.unit_dir, tally)
    golden_cases(binary, tally, False)
    rule_examples(binary, tally)
    tf_expression_cases(binary, tally)
    checks(binary, tally)
    if tally.failures:
        print("failed: " + ", ".join(tally.failures))
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
