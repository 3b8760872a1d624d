#!/usr/bin/env python3
"""Interleaved A/B timing of `./collab4j train --data ml-100k --model nn --json` (the nn training-time figure).

    python3 bench/nn-speed-ab.py ROUNDS NAME=DIR[@VAR=VALUE...][;EXTRA ARGS] ...

Each variant is a checkout DIR (with its own launcher and jar), optional environment variables
(a '+' in VALUE stands for a space, e.g. COLLAB4J_JAVA_OPTS=-Dcollab4j.warmup=false) and extra
train arguments after ';'. Rounds alternate the order of the variants. Per run it prints the load
average, train_seconds, the epoch times, the whole-process wall time and CPU seconds (user+sys,
/usr/bin/time) and valid_rmse; then medians per variant. Needs COLLAB4J_DATA (default
/work/shared/datasets) with ml-100k, GNU time, and the machine to yourself for figures that mean much.

Example (before = a checkout of the old commit, after = this one):
    python3 bench/nn-speed-ab.py 15 before=/tmp/old after=.
    python3 bench/nn-speed-ab.py 8 off=.@COLLAB4J_JAVA_OPTS=-Dcollab4j.warmup=false on=.
"""
import json
import os
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    variants = []
    for spec in sys.argv[2:]:
        name, rest = spec.split('=', 1)
        extra = []
        if ';' in rest:
            rest, ex = rest.split(';', 1)
            extra = ex.split()
        d, *envs = rest.split('@')
        env = dict(os.environ)
        env.setdefault('COLLAB4J_DATA', '/work/shared/datasets')
        for e in envs:
            k, v = e.split('=', 1)
            env[k] = v.replace('+', ' ')
        variants.append((name, d, env, extra))
    res = {v[0]: [] for v in variants}
    for r in range(rounds):
        for name, d, env, extra in (variants if r % 2 == 0 else variants[::-1]):
            load = open('/proc/loadavg').read().split()[0]
            p = subprocess.run(['/usr/bin/time', '-f', 'TIME %e %U %S', './collab4j', 'train', '--data', 'ml-100k',
                                '--model', 'nn', '--json'] + extra, cwd=d, env=env, capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit(f'{name}: exit {p.returncode}\n{p.stderr}')
            t = [line for line in p.stderr.splitlines() if line.startswith('TIME')][-1].split()
            j = json.loads(p.stdout)
            ep = [e['seconds'] for e in j['epochs']]
            row = dict(ts=j['train_seconds'], e0=ep[0], e1=ep[1], wall=float(t[1]), cpu=float(t[2]) + float(t[3]),
                       rmse=j['valid_rmse'], load=float(load))
            res[name].append(row)
            print(f"{r} {name:10s} load {load} train {row['ts']:.2f} epochs {' '.join('%.2f' % e for e in ep)} "
                  f"wall {row['wall']:.2f} cpu {row['cpu']:.2f} rmse {row['rmse']}", flush=True)
    for name, rows in res.items():
        def med(k):
            return statistics.median(x[k] for x in rows)
        ts = [x['ts'] for x in rows]
        print(f"{name:10s} n={len(rows)} train_seconds median {med('ts'):.2f} (range {min(ts):.2f}-{max(ts):.2f}, "
              f"{sum(t <= 3 for t in ts)} of {len(ts)} <= 3 s) epoch 0 {med('e0'):.2f} epoch 1 {med('e1'):.2f} "
              f"wall {med('wall'):.2f} cpu {med('cpu'):.2f} load {med('load'):.2f}; valid_rmse {sorted(set(x['rmse'] for x in rows))}")


if __name__ == '__main__':
    main()
