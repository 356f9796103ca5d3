#!/usr/bin/env python3
"""make bench: sgcheck against a parse-only baseline on a generated corpus.

  bench.py --binary build/sgcheck [--corpus bench-corpus] [--runs 5] [--no-valgrind]
           [--hcl-dump build/tests/hcl_dump]

Prints, for the same files (issue 17's table): the baseline (read + libyaml
events / cJSON parse, nothing else), sgcheck -j1 and -jN, their ratios,
MB/s, files/s; peak RSS for the corpus once and three times (it should not
grow with the corpus) against the largest file; Terraform configuration
directories (HCL modules, no parse floor to compare with); the cost of one
typical template including process start; whether -j1 and -jN reports are
identical. Wall times are the best of --runs runs (the machines are shared
and noisy). Where valgrind is present (unless --no-valgrind) it adds what
does not depend on load: instructions against the floor on a subset of
the corpus, the start-up instructions of one small template end to end,
and the linear-size check (tools/gen_large.py inputs of 200 and 2000
groups, as make test checks them).
"""
import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 20261201
HCL_MODULES = 60  # Terraform configuration directories in the corpus
SUBSET = 300      # files counted under valgrind
sys.path.insert(0, os.path.join(ROOT, "tests"))
from checks_perf import LARGE, LINEAR_LIMIT, SMALL, instructions, size_growth  # noqa: E402


PEAK_RSS = None  # tools/peak_rss, built with the baseline


def run(cmd, stdout=subprocess.DEVNULL):
    """Wall seconds and peak RSS (KiB) of one child, measured by
    tools/peak_rss (ru_maxrss of a child of Python would include Python's
    own memory, which the child holds until it execs)."""
    with tempfile.NamedTemporaryFile("r") as rss:
        t0 = time.perf_counter()
        p = subprocess.Popen(([PEAK_RSS, rss.name] if PEAK_RSS else []) + cmd, stdout=stdout,
                             stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err = p.stderr.read().decode() if p.stderr else ""
        if p.returncode not in (0, 1):
            sys.exit(f"{cmd[0]} failed ({p.returncode}): {err[-500:]}")
        peak = rss.read().strip() if PEAK_RSS else ""
    return wall, int(peak) if peak else ru.ru_maxrss


def best_interleaved(cmds, runs):
    """Run the commands in turn, `runs` rounds: load that comes and goes
    on a shared machine then hits all of them alike. Best wall time and
    largest peak RSS of each."""
    walls = [[] for _ in cmds]
    rss = [0 for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            w, r = run(cmd)
            walls[i].append(w)
            rss[i] = max(rss[i], r)
    return [(min(w), r) for w, r in zip(walls, rss)]


def build_peak_rss(binary):
    """tools/peak_rss beside the binary under test."""
    global PEAK_RSS
    PEAK_RSS = os.path.join(os.path.dirname(binary), "peak_rss")
    subprocess.run(["cc", "-std=c11", "-O2", "-o", PEAK_RSS, os.path.join(ROOT, "tools", "peak_rss.c")], check=True)


def build_baseline(out):
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "yaml-0.1", "libcjson"],
                           capture_output=True, text=True, check=True).stdout.split()
    subprocess.run(["cc", "-std=c11", "-O2", "-o", out, os.path.join(ROOT, "tools", "parse_baseline.c")] + flags,
                   check=True)


def corpus(path):
    """The corpus's template and plan files, and its HCL module directories."""
    stamp, want = os.path.join(path, ".seed"), f"{SEED} hcl {HCL_MODULES}"
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        shutil.rmtree(path, ignore_errors=True)
        print(f"generating the corpus in {path} (seed {SEED}) ...", flush=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_corpus.py"), path, "--seed", str(SEED),
                        "--hcl", str(HCL_MODULES)], check=True)
        open(stamp, "w").write(want)
    hcl = os.path.join(path, "hcl")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(path) if not d.startswith(hcl)
                   for f in fs if not f.startswith("."))
    mods = sorted(os.path.join(hcl, m) for m in os.listdir(hcl)) if os.path.isdir(hcl) else []
    return files, mods


def tree_size(d):
    return sum(os.path.getsize(os.path.join(p, f)) for p, _, fs in os.walk(d) for f in fs)


def bench_hcl(sg, hcl_dump, runs, valgrind):
    """Terraform configuration (issue 13): scanning module directories
    (evaluation, rules, report) against our own HCL lexer and parser alone
    on the same .tf files (no other HCL parser is the floor), and one
    module directory of typical size with process start."""
    peer = os.path.join(ROOT, "..", "shared", "peer-fixtures", "terraform-modules")
    tree = peer if os.path.isdir(peer) else os.path.join(ROOT, "fixtures", "terraform-config")
    tfs = sorted(os.path.join(d, f) for d, _, fs in os.walk(tree) for f in fs if f.endswith(".tf"))
    if not hcl_dump or not os.path.exists(hcl_dump) or not tfs:
        print("hcl: no hcl_dump or no .tf files - skipped")
        return
    mb = sum(os.path.getsize(f) for f in tfs) / 1e6
    floor = [hcl_dump, "-p"] + tfs
    scan = [sg, "scan", "-q", "--fail-on", "none", "-f", "json", "-j", "1", "-o", os.devnull, tree]
    (floor_t, _), (scan_t, scan_rss) = best_interleaved([floor, scan], runs)
    print(f"hcl: {len(tfs)} .tf files, {mb:.2f} MB in {os.path.relpath(tree, ROOT)}")
    print(f"hcl parse floor      {floor_t:7.3f} s  {mb / floor_t:7.1f} MB/s  (our lexer+parser alone)")
    print(f"sgcheck -j1 (.tf)    {scan_t:7.3f} s  {mb / scan_t:7.1f} MB/s  peak RSS {scan_rss / 1024:.1f} MiB"
          f"  evaluation+rules {scan_t / floor_t:.2f}x the floor")
    example = os.path.join(tree, "terraform-aws-security-group", "examples", "complete")
    module = example if os.path.isdir(example) else os.path.join(tree, "web")
    one = [sg, "scan", "-q", "--no-color", "-o", os.devnull, module]
    print(f"one module directory ({os.path.relpath(module, ROOT)}), process start included: "
          f"{statistics.median(run(one)[0] for _ in range(20)) * 1000:.1f} ms (median of 20)")
    if valgrind and shutil.which("valgrind"):
        fi, si = instructions(floor), instructions(scan)
        if fi and si:
            print(f"hcl instructions: floor {fi:,} instructions, sgcheck -j1 {si:,}: {si / fi:.2f}x")


def bench_corpus(a):
    sg = os.path.abspath(a.binary)
    jobs = os.cpu_count() or 1

    files, mods = corpus(a.corpus)
    total = sum(os.path.getsize(f) for f in files)
    largest = max(os.path.getsize(f) for f in files)
    with tempfile.TemporaryDirectory() as d:
        listing = os.path.join(d, "files.txt")
        open(listing, "w").write("\n".join(files) + "\n")
        baseline = os.path.join(d, "parse_baseline")
        build_baseline(baseline)
        scan = [sg, "scan", "-q", "--fail-on", "none", "-f", "json"]
        scan_list = scan + ["--files-from", listing]

        (base_t, _), (j1_t, j1_rss), (jn_t, jn_rss) = best_interleaved(
            [[baseline, "--files-from", listing], scan_list + ["-j", "1", "-o", os.devnull],
             scan_list + ["-j", str(jobs), "-o", os.devnull]], a.runs)

        # the same report whatever -j
        out1, outn = os.path.join(d, "j1.json"), os.path.join(d, "jn.json")
        run(scan_list + ["-j", "1", "-o", out1])
        run(scan_list + ["-j", str(jobs), "-o", outn])
        # compared in chunks: a report read whole would stay in this process,
        # and every child forked after it would start with that peak RSS
        identical = filecmp.cmp(out1, outn, shallow=False)
        os.unlink(out1)
        os.unlink(outn)

        # the corpus three times over: peak RSS should stay where it is. Two
        # more copies as hard links beside the corpus (three files, not three
        # names of one: a file named twice is scanned once)
        listing3 = os.path.join(d, "files3.txt")
        copies = list(files)
        x3 = os.path.abspath(a.corpus) + "-x3"
        shutil.rmtree(x3, ignore_errors=True)
        for k in (1, 2):
            for f in files:
                link = os.path.join(x3, f"copy{k}", os.path.relpath(f, a.corpus))
                os.makedirs(os.path.dirname(link), exist_ok=True)
                os.link(f, link)
                copies.append(link)
        open(listing3, "w").write("\n".join(copies) + "\n")
        _, x3_rss_1 = run(scan + ["--files-from", listing3, "-j", "1", "-o", os.devnull])
        _, x3_rss_n = run(scan + ["--files-from", listing3, "-j", str(jobs), "-o", os.devnull])

        # Terraform configuration directories
        hcl_mb = sum(tree_size(m) for m in mods) / 1e6
        if mods:
            (h1_t, h1_rss), (hn_t, _) = best_interleaved(
                [scan + ["-j", "1", "-o", os.devnull] + mods, scan + ["-j", str(jobs), "-o", os.devnull] + mods],
                a.runs)

        # one typical template, process start included
        web = os.path.join(ROOT, "fixtures", "cloudformation", "web-stack.yaml")
        one = [sg, "scan", "--no-color", web]
        single = statistics.median(run(one)[0] for _ in range(50))

        mb = total / 1e6
        print(f"corpus: {len(files)} files, {mb:.1f} MB (largest {largest / 1e6:.2f} MB), "
              f"{len(mods)} HCL module directories ({hcl_mb:.1f} MB), {jobs} CPUs")
        print(f"parse-only baseline  {base_t:7.3f} s  {mb / base_t:7.1f} MB/s  {len(files) / base_t:8.0f} files/s")
        print(f"sgcheck -j1          {j1_t:7.3f} s  {mb / j1_t:7.1f} MB/s  {len(files) / j1_t:8.0f} files/s"
              f"  peak RSS {j1_rss / 1024:.1f} MiB")
        print(f"sgcheck -j{jobs:<2}         {jn_t:7.3f} s  {mb / jn_t:7.1f} MB/s  {len(files) / jn_t:8.0f} files/s"
              f"  peak RSS {jn_rss / 1024:.1f} MiB")
        r1, speedup = j1_t / base_t, j1_t / jn_t
        rss_target = 16 + 4 * largest / 2**20
        print(f"ratio -j1 / baseline       {r1:.2f}x   (target <= 1.3x)")
        print(f"speed-up -j{jobs} over -j1     {speedup:.2f}x   (target >= 1.8x on 2 cores)")
        print(f"peak RSS, corpus once      -j1 {j1_rss / 1024:.1f} MiB, -j{jobs} {jn_rss / 1024:.1f} MiB"
              f"   (target <= {rss_target:.1f} MiB: 16 + 4x the largest file)")
        print(f"peak RSS, corpus x3        -j1 {x3_rss_1 / 1024:.1f} MiB, -j{jobs} {x3_rss_n / 1024:.1f} MiB"
              f"   (target: flat, the same as once)")
        if mods:
            print(f"HCL modules -j1      {h1_t:7.3f} s  {hcl_mb / h1_t:7.1f} MB/s  {len(mods) / h1_t:8.0f} dirs/s"
                  f"  peak RSS {h1_rss / 1024:.1f} MiB")
            print(f"HCL modules -j{jobs:<2}     {hn_t:7.3f} s  {hcl_mb / hn_t:7.1f} MB/s  {len(mods) / hn_t:8.0f} dirs/s"
                  f"  ({h1_t / hn_t:.2f}x)")
        print(f"one template, process start included: {single * 1000:.1f} ms (median of 50; target < 10 ms)")
        print(f"-j1 and -j{jobs} reports identical: {'yes' if identical else 'NO'}")

        if a.no_valgrind:
            return
        if not shutil.which("valgrind"):
            print("note: no valgrind on PATH: instruction counts (floor ratio, start-up, linear size) skipped")
            return
        sample = files[:: max(1, len(files) // SUBSET)]
        open(listing, "w").write("\n".join(sample) + "\n")
        bi = instructions([baseline, "--files-from", listing])
        si = instructions(scan_list + ["-j", "1", "-o", os.devnull])
        if bi and si:
            print(f"instructions on {len(sample)} files: baseline {bi:,}, sgcheck -j1 {si:,}: "
                  f"{si / bi:.2f}x   (target <= 1.2x)")
        st = instructions(one)
        if st:
            print(f"one small template end to end ({os.path.relpath(web, ROOT)}): {st / 1e6:.1f} M instructions"
                  f"   (target <= 2.5 M)")
        for kind in ("cfn", "plan", "tf", "reach"):
            ratio, (i1, ism, ilg) = size_growth(sg, ROOT, kind, d)
            print(f"linear size, {kind:<4} {LARGE} vs {SMALL} groups: {ratio:5.2f}x the instructions beyond start-up"
                  f" (I(1) {i1 / 1e6:.1f} M, I({SMALL}) {ism / 1e6:.0f} M, I({LARGE}) {ilg / 1e6:.0f} M)   (target <= {LINEAR_LIMIT:.0f}x, linear is "
                  f"{LARGE // SMALL}x)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "sgcheck"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "bench-corpus"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-valgrind", action="store_true", help="leave out the instruction counts")
    ap.add_argument("--callgrind", action="store_true", help=argparse.SUPPRESS)  # the default now
    ap.add_argument("--hcl-dump", help="tests/tools/hcl_dump, for the HCL parse floor")
    a = ap.parse_args()
    build_peak_rss(os.path.abspath(a.binary))
    bench_corpus(a)
    bench_hcl(os.path.abspath(a.binary), a.hcl_dump and os.path.abspath(a.hcl_dump), a.runs, not a.no_valgrind)


if __name__ == "__main__":
    main()
