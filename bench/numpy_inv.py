#!/usr/bin/python3
"""Seconds of numpy.linalg.inv on a dense 20000 x 20000 SPD float64 Gram matrix, OpenBLAS on 2 threads.

    /usr/bin/python3 bench/numpy_inv.py [DATA] [--ridge 200] [--threads 2]

The matrix is G = X^T X + ridge * I, where X is the users x items 0/1 matrix of an implicit
log (DATA: "user item [weight]" lines, default /tmp/synth-implicit-10m.tsv; its 20000 items
give n = 20000). G is built in column blocks from sparse products, then inverted once with
numpy.linalg.inv (LAPACK gesv against the identity). The inverse is checked on a random vector:
|G (G^-1 v) - v| / |v|. Wall and CPU seconds (all threads) of the inverse are both printed: on a
busy machine the wall time mostly measures the other work.

The BLAS numpy uses and the kernel it picked are printed (threadpoolctl). OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE, when set on this machine, pin an older kernel; to time the kernel OpenBLAS would
choose itself, unset both for that command alone:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/numpy_inv.py
"""
import argparse
import json
import os
import resource
import sys
import time


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data", nargs="?", default="/tmp/synth-implicit-10m.tsv")
    p.add_argument("--ridge", type=float, default=200.0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--block", type=int, default=2000, help="columns of G built per sparse product")
    args = p.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)  # before numpy loads OpenBLAS

    import numpy as np
    import scipy.sparse as sp
    import threadpoolctl

    blas = threadpoolctl.threadpool_info()
    t0 = time.time()
    with open(args.data) as f:
        cols = len(f.readline().split())
    a = np.fromfile(args.data, sep=" ").reshape(-1, cols)
    _, u = np.unique(a[:, 0], return_inverse=True)
    _, i = np.unique(a[:, 1], return_inverse=True)
    del a
    x = sp.csc_matrix((np.ones(len(u)), (u, i)))
    x.data[:] = 1.0  # repeated pairs count once
    del u, i
    n = x.shape[1]
    xt = x.T.tocsr()
    g = np.empty((n, n))
    for c in range(0, n, args.block):
        g[:, c:c + args.block] = (xt @ x[:, c:c + args.block]).toarray()
    g[np.diag_indices(n)] += args.ridge
    del x, xt
    gram_s = time.time() - t0

    load_start = " ".join("%.2f" % x for x in os.getloadavg())
    t0, c0 = time.time(), time.process_time()
    ginv = np.linalg.inv(g)
    inv_s, inv_cpu = time.time() - t0, time.process_time() - c0

    v = np.random.default_rng(0).standard_normal(n)
    residual = float(np.linalg.norm(g @ (ginv @ v) - v) / np.linalg.norm(v))
    load_avg = " ".join("%.2f" % x for x in os.getloadavg())
    r = {
        "n": n, "ridge": args.ridge, "numpy": np.__version__, "inv_seconds": round(inv_s, 1), "inv_cpu_seconds": round(inv_cpu, 1),
        "gflops": round(2 * n**3 / inv_s / 1e9, 1),  # getrf (2/3 n^3) + getrs on n right-hand sides (4/3 n^3)
        "gram_seconds": round(gram_s, 1), "residual": residual,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "blas": [{k: b.get(k) for k in ("internal_api", "version", "architecture", "num_threads", "filepath")} for b in blas],
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"), "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
        "load_average_inv_start": load_start, "load_average_end": load_avg,
    }
    print(json.dumps(r))
    if not residual < 1e-8:
        sys.exit(f"the inverse is wrong: relative residual {residual:.3g}")


if __name__ == "__main__":
    main()
