#!/usr/bin/python3
"""collab4j's ials against implicit 0.7.3's CPU ALS on one implicit-feedback log, in the same run.

    /usr/bin/python3 bench/compare_implicit.py IMPLICIT_SRC DATA [--factors 64 128] [--iterations 3] [--threads 2] [--runs 1]

Run by bench/compare-implicit.sh (which builds collab4j first). For each factor count, in turn:
  - implicit: bench/implicit_als.py (a child process per factor count; seconds per iteration from
    fit()'s callback, conjugate gradient with 3 steps, the log's weights as confidences);
  - collab4j: `./collab4j train --data DATA --columns user,item,count --model ials --factors F
    --epochs N --valid-pct 0 --threads T --json --out MODEL` under /usr/bin/time -v: seconds per
    epoch from the JSON's epochs[].seconds (one epoch = items then users, conjugate gradient with 3
    steps, the log's weights as confidences, as implicit), peak RSS of the whole process (JVM,
    parsing the text file and training);
and the CPU seconds of each epoch (all threads; bench/IalsEpochCpu.java, the same training in a
process of its own), as implicit_als.py reports them for implicit: on a busy machine the wall
seconds follow each process's share of the cores, the CPU seconds its code; then, on the model of
the first factor count: top-10 for every user
(`./collab4j recommend --model MODEL --all-users -n 10 --out FILE --threads T`, wall time of the whole
command from /usr/bin/time, JVM start and model loading included) and the fold-in of 2,000 users
(bench/IalsFoldIn.java). The load average is read before and after. Prints a Markdown table and
the raw results as one JSON line on stderr.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (stdout, wall seconds, peak RSS MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd, cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=env)
        if p.returncode != 0:
            sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-3000:]}")
        t = tf.read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    return p.stdout, secs, rss


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2] if s else float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("implicit_src")
    p.add_argument("data")
    p.add_argument("--factors", type=int, nargs="+", default=[64, 128])
    p.add_argument("--iterations", type=int, default=3, help="iterations of each system (default 3)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--foldin-users", type=int, default=2000)
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="compare-implicit.")
    core_jar = next(os.path.join(ROOT, "core/target", f) for f in sorted(os.listdir(os.path.join(ROOT, "core/target")))
                    if f.startswith("collab4j-core-") and f.endswith(".jar") and "tests" not in f and "sources" not in f)
    load_start = loadavg()
    rows = []
    for f in args.factors:
        out = subprocess.run([sys.executable, os.path.join(ROOT, "bench/implicit_als.py"), args.implicit_src, args.data,
                              "--factors", str(f), "--iterations", str(args.iterations), "--threads", str(args.threads)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
        if out.returncode != 0:
            sys.exit(f"implicit failed:\n{out.stderr[-3000:]}")
        imp = json.loads([line for line in out.stderr.splitlines() if line.startswith("{")][-1])
        model = os.path.join(work, f"ials-{f}.c4j")
        stdout, wall, rss = timed(["./collab4j", "train", "--data", args.data, "--columns", "user,item,count",
                                   "--rating-scale", "0,1000000", "--model", "ials", "--factors", str(f),
                                   "--epochs", str(args.iterations), "--valid-pct", "0", "--threads", str(args.threads),
                                   "--json", "--out", model])
        c4j = json.loads(stdout)
        cpu = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-cp", core_jar, "bench/IalsEpochCpu.java", args.data,
                              str(f), str(args.iterations), str(args.threads)], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, check=True)
        cpu = json.loads(cpu.stdout.strip().splitlines()[-1])
        rows.append({"factors": f, "implicit": imp, "collab4j": {
            "epoch_seconds": [e["seconds"] for e in c4j["epochs"]], "train_seconds": c4j.get("train_seconds"),
            "wall_seconds": wall, "peak_rss_mb": rss, "epoch_cpu_seconds": cpu["epoch_cpu_seconds"],
            "epoch_seconds_cpu_run": cpu["epoch_seconds"]}, "model": model})
    first = rows[0]["model"]
    _, top_wall, top_rss = timed(["./collab4j", "recommend", "--model", first, "--all-users", "-n", "10",
                                  "--out", os.path.join(work, "top10.tsv"), "--threads", str(args.threads)])
    fold = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-cp", core_jar, "bench/IalsFoldIn.java", first,
                           str(args.foldin_users)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=True)
    fold = json.loads(fold.stdout.strip().splitlines()[-1])
    load_end = loadavg()
    result = {"rows": [{k: v for k, v in r.items() if k != "model"} for r in rows], "top10_all_users": {
        "factors": rows[0]["factors"], "wall_seconds": top_wall, "peak_rss_mb": top_rss}, "fold_in": fold,
        "load_average": {"start": load_start, "end": load_end}, "threads": args.threads}
    print(json.dumps(result), file=sys.stderr)
    imp0 = rows[0]["implicit"]
    print(f"{imp0['users']} users x {imp0['items']} items, {imp0['nnz']} interactions; {args.threads} threads each; "
          f"{args.iterations} iterations each; load average {load_start} at the start, {load_end} at the end")
    print()
    print("| factors | implicit s/iteration (each) | ials s/epoch (each) | ratio (medians) "
          "| implicit CPU s/iteration (each) | ials CPU s/epoch (each) | CPU ratio (medians) "
          "| implicit peak RSS of fit() / process, MB | ials peak RSS of the process, MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        i, c = r["implicit"], r["collab4j"]
        mi, mc = median(i["iteration_seconds"]), median(c["epoch_seconds"])
        ci, cc = median(i["iteration_cpu_seconds"]), median(c["epoch_cpu_seconds"])
        print(f"| {r['factors']} | {', '.join('%.2f' % x for x in i['iteration_seconds'])} "
              f"| {', '.join('%.2f' % x for x in c['epoch_seconds'])} | {mc / mi:.2f} "
              f"| {', '.join('%.2f' % x for x in i['iteration_cpu_seconds'])} "
              f"| {', '.join('%.2f' % x for x in c['epoch_cpu_seconds'])} | {cc / ci:.2f} "
              f"| {i['peak_rss_fit_mb']} / {i['peak_rss_mb']} | {c['peak_rss_mb']:.0f} |")
    print()
    print(f"top-10 for all {imp0['users']} users ({rows[0]['factors']} factors, {args.threads} threads): "
          f"{top_wall:.1f} s wall for the whole command, peak RSS {top_rss:.0f} MB")
    print(f"fold-in of one user ({fold['factors']} factors, {fold['users_timed']} users, mean history {fold['mean_history']}): "
          f"median {fold['fold_in_ms']['median']:.3f} ms, p90 {fold['fold_in_ms']['p90']:.3f} ms; with the scores of all "
          f"{fold['items']} items: median {fold['fold_in_and_score_all_ms']['median']:.3f} ms")


if __name__ == "__main__":
    main()
