#!/usr/bin/env python3
"""make bench: sgcheck against a parse-only baseline on a generated corpus.

  bench.py --binary build/sgcheck [--corpus bench-corpus] [--runs 3] [--callgrind]
           [--hcl-dump build/tests/hcl_dump]

Prints, for the same files: the baseline (read + libyaml events / cJSON
parse, nothing else), sgcheck -j1 and -jN, their ratios, MB/s, files/s, peak
RSS against the largest file, the cost of one typical template including
process start, and whether -j1 and -jN reports are identical. Wall times are
the best of --runs runs (the machines are shared and noisy); --callgrind adds
instruction-count ratios on a sample, which do not depend on load.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 20261201


def run(cmd, stdout=subprocess.DEVNULL):
    """Wall seconds and peak RSS (KiB) of one child."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode() if p.stderr else ""
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {err[-500:]}")
    return wall, ru.ru_maxrss


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


def build_baseline(out):
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "yaml-0.1", "libcjson"],
                           capture_output=True, text=True, check=True).stdout.split()
    subprocess.run(["cc", "-std=c11", "-O2", "-o", out, os.path.join(ROOT, "tools", "parse_baseline.c")] + flags,
                   check=True)


def corpus(path):
    stamp = os.path.join(path, ".seed")
    if not (os.path.exists(stamp) and open(stamp).read() == str(SEED)):
        shutil.rmtree(path, ignore_errors=True)
        print(f"generating the corpus in {path} (seed {SEED}) ...", flush=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_corpus.py"), path, "--seed", str(SEED)],
                       check=True)
        open(stamp, "w").write(str(SEED))
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if not f.startswith("."))
    return files


def callgrind_instructions(cmd):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + cmd,
                           capture_output=True, text=True)
        for line in p.stderr.splitlines():
            if "refs:" in line:
                return int(line.split("refs:")[1].replace(",", "").strip())
    return None


def bench_hcl(sg, hcl_dump, runs, callgrind):
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
    if callgrind and shutil.which("valgrind"):
        fi, si = callgrind_instructions(floor), callgrind_instructions(scan)
        if fi and si:
            print(f"hcl callgrind: floor {fi:,} instructions, sgcheck -j1 {si:,}: {si / fi:.2f}x")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "sgcheck"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "bench-corpus"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--hcl-dump", help="tests/tools/hcl_dump, for the HCL parse floor")
    a = ap.parse_args()
    sg = os.path.abspath(a.binary)
    jobs = os.cpu_count() or 1

    files = corpus(a.corpus)
    total = sum(os.path.getsize(f) for f in files)
    largest = max(os.path.getsize(f) for f in files)
    with tempfile.TemporaryDirectory() as d:
        listing = os.path.join(d, "files.txt")
        open(listing, "w").write("\n".join(files) + "\n")
        baseline = os.path.join(d, "parse_baseline")
        build_baseline(baseline)
        scan = [sg, "scan", "-q", "--fail-on", "none", "-f", "json", "--files-from", listing]

        (base_t, _), (j1_t, j1_rss), (jn_t, jn_rss) = best_interleaved(
            [[baseline, "--files-from", listing], scan + ["-j", "1", "-o", os.devnull],
             scan + ["-j", str(jobs), "-o", os.devnull]], a.runs)

        # the same report whatever -j
        out1, outn = os.path.join(d, "j1.json"), os.path.join(d, "jn.json")
        run(scan + ["-j", "1", "-o", out1])
        run(scan + ["-j", str(jobs), "-o", outn])
        identical = open(out1, "rb").read() == open(outn, "rb").read()

        # one typical template, process start included
        one = [sg, "scan", "--no-color", os.path.join(ROOT, "fixtures", "cloudformation", "web-stack.yaml")]
        single = statistics.median(run(one)[0] for _ in range(50))

        mb = total / 1e6
        print(f"corpus: {len(files)} files, {mb:.1f} MB (largest {largest / 1e6:.2f} MB), {jobs} CPUs")
        print(f"parse-only baseline  {base_t:7.3f} s  {mb / base_t:7.1f} MB/s  {len(files) / base_t:8.0f} files/s")
        print(f"sgcheck -j1          {j1_t:7.3f} s  {mb / j1_t:7.1f} MB/s  {len(files) / j1_t:8.0f} files/s"
              f"  peak RSS {j1_rss / 1024:.1f} MiB")
        print(f"sgcheck -j{jobs:<2}         {jn_t:7.3f} s  {mb / jn_t:7.1f} MB/s  {len(files) / jn_t:8.0f} files/s"
              f"  peak RSS {jn_rss / 1024:.1f} MiB")
        r1, speedup = j1_t / base_t, j1_t / jn_t
        print(f"ratio -j1 / baseline       {r1:.2f}x   (target <= 1.5x)")
        print(f"speed-up -j{jobs} over -j1     {speedup:.2f}x   (target >= 1.7x on 2 cores)")
        print(f"one template, process start included: {single * 1000:.1f} ms (median of 50; target < 10 ms)")
        print(f"-j1 and -j{jobs} reports identical: {'yes' if identical else 'NO'}")

        if a.callgrind and shutil.which("valgrind"):
            sample = files[:: max(1, len(files) // 60)]
            open(listing, "w").write("\n".join(sample) + "\n")
            bi = callgrind_instructions([baseline, "--files-from", listing])
            si = callgrind_instructions(scan + ["-j", "1", "-o", os.devnull])
            if bi and si:
                print(f"callgrind on {len(sample)} files: baseline {bi:,} instructions, "
                      f"sgcheck -j1 {si:,}: {si / bi:.2f}x")

    bench_hcl(sg, a.hcl_dump and os.path.abspath(a.hcl_dump), a.runs, a.callgrind)


if __name__ == "__main__":
    main()
