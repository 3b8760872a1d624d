#!/usr/bin/python3
"""Seconds per iteration and peak RSS of implicit's CPU ALS on an implicit-feedback log.

    /usr/bin/python3 bench/implicit_als.py IMPLICIT_SRC DATA [--factors 64 128] [--iterations 3] [--threads 2]

IMPLICIT_SRC is a folder with implicit built in place (see ../shared/peers/README.md); DATA is
tab-separated "user item [weight]" with integer ids (a missing weight counts as 1), e.g.
/tmp/synth-implicit-10m.tsv from ../shared/tools/SynthImplicit.java. The weights are the
confidences implicit is given (alpha 1); other settings are implicit's defaults (conjugate
gradient with 3 steps, regularization 0.01). OpenBLAS runs on one thread
(OPENBLAS_NUM_THREADS=1, as implicit asks); ALS itself runs on --threads threads.

The CPU seconds of each iteration (all threads, time.process_time() between callbacks; the
first also covers fit()'s set-up) are printed in the JSON line too: on a busy machine they say
more than the wall seconds. Each factor count runs in a child process of its own, so that its peak RSS is its own. Parsing
the text file with numpy costs more memory than fitting, so the RSS high-water mark is reset
after loading (/proc/self/clear_refs) and read again after fit(): that is the fit's peak RSS
(the matrix, its transpose, the factors and implicit's work space); the process's overall
peak (the larger of the two) is printed too. Per-iteration seconds come from fit()'s
callback. Prints a Markdown table and one JSON line per factor count.
"""
import argparse
import json
import os
import subprocess
import sys
import time


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak():
    """Starts a new RSS high-water mark (Linux 4.0+), so that the fit's own peak can be read."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def hwm_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024


def load(path):
    """The log as a users x items CSR matrix of float32 confidences, ids made dense."""
    import numpy as np
    import scipy.sparse as sp

    with open(path) as f:
        cols = len(f.readline().split())
    if cols not in (2, 3):
        sys.exit(f"{path}: expected 'user item [weight]' lines, the first has {cols} fields")
    a = np.fromfile(path, sep=" ")  # any whitespace separates numbers: tabs and newlines alike
    if a.size % cols:
        sys.exit(f"{path}: {a.size} numbers is not a whole number of {cols}-field lines")
    a = a.reshape(-1, cols)
    users, u = np.unique(a[:, 0], return_inverse=True)
    items, i = np.unique(a[:, 1], return_inverse=True)
    w = a[:, 2].astype(np.float32) if cols == 3 else np.ones(len(a), dtype=np.float32)
    m = sp.csr_matrix((w, (u, i)), shape=(len(users), len(items)), dtype=np.float32)
    m.sum_duplicates()
    return m


def child(args):
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before numpy loads OpenBLAS
    sys.path.insert(0, os.path.abspath(args.implicit_src))
    import implicit
    import threadpoolctl
    from implicit.cpu.als import AlternatingLeastSquares

    t0 = time.time()
    m = load(args.data)
    load_s = time.time() - t0
    rss_before = rss_mb()
    load_peak = peak_mb()  # ru_maxrss follows the high-water mark, so read it before the reset
    has_fit_peak = reset_peak()
    seconds = []
    factors = args.factors[0]
    model = AlternatingLeastSquares(factors=factors, iterations=args.iterations,
                                    num_threads=args.threads, random_state=0)
    t0 = time.time()
    cpu = [time.process_time()]  # all threads' CPU seconds, read at each iteration's end

    def callback(it, secs, loss):
        seconds.append(secs)
        cpu.append(time.process_time())

    model.fit(m, show_progress=False, callback=callback)
    fit_s = time.time() - t0
    fit_peak = hwm_mb() if has_fit_peak else None
    blas = [(p.get("internal_api"), p.get("version"), p.get("architecture"), p.get("num_threads"))
            for p in threadpoolctl.threadpool_info()]
    print(json.dumps({
        "implicit": implicit.__version__, "implicit_file": implicit.__file__, "factors": factors,
        "threads": args.threads, "users": m.shape[0], "items": m.shape[1], "nnz": int(m.nnz),
        "load_seconds": round(load_s, 2), "iteration_seconds": [round(s, 3) for s in seconds],
        "iteration_cpu_seconds": [round(b - a, 3) for a, b in zip(cpu, cpu[1:])],
        "fit_seconds": round(fit_s, 2), "rss_before_fit_mb": round(rss_before), "peak_rss_load_mb": round(load_peak),
        "peak_rss_fit_mb": None if fit_peak is None else round(fit_peak), "peak_rss_mb": round(max(load_peak, fit_peak or 0, peak_mb())),
        "blas": blas,
    }))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("implicit_src")
    p.add_argument("data")
    p.add_argument("--factors", type=int, nargs="+", default=[64, 128])
    p.add_argument("--iterations", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args)
        return
    if not os.path.isfile(os.path.join(args.implicit_src, "implicit", "__init__.py")):
        sys.exit(f"{args.implicit_src}: no implicit/__init__.py (a folder with implicit built in place)")
    rows = []
    for f in args.factors:
        cmd = [sys.executable, os.path.abspath(__file__), args.implicit_src, args.data, "--child",
               "--factors", str(f), "--iterations", str(args.iterations), "--threads", str(args.threads)]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, OPENBLAS_NUM_THREADS="1")).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(json.dumps(r), file=sys.stderr)
        rows.append(r)
    with open("/proc/loadavg") as fl:
        load_avg = " ".join(fl.read().split()[:3])
    r0 = rows[0]
    print(f"implicit {r0['implicit']} ALS (CPU, conjugate gradient), {r0['users']} users x {r0['items']} items, "
          f"{r0['nnz']} non-zeros; num_threads={args.threads}, OPENBLAS_NUM_THREADS=1; BLAS {r0['blas']}; "
          f"load average at the end {load_avg}")
    print()
    print("| factors | s/iteration (each) | s/iteration (median) | peak RSS of fit(), MB | RSS before fit, MB | peak RSS of the process, MB (the file's parsing) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        s = sorted(r["iteration_seconds"])
        print(f"| {r['factors']} | {', '.join('%.2f' % x for x in r['iteration_seconds'])} | {s[len(s) // 2]:.2f} "
              f"| {r['peak_rss_fit_mb'] or '?'} | {r['rss_before_fit_mb']} | {r['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
