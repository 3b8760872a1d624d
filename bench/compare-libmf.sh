#!/usr/bin/env bash
# LIBMF against collab4j's SGD dot-bias model on the same machine, the same split and the same
# number of threads, on synth-10m and synth-25m. Prints a Markdown table.
#
#   bench/compare-libmf.sh LIBMF_SRC     # LIBMF_SRC: a LIBMF source folder (or a bare git folder of it)
#   bench/compare-libmf.sh               # collab4j alone, and how to get LIBMF
#
# Environment: RUNS (runs of each system, alternating; default 3), SYNTH_10M and SYNTH_25M (rating
# files; default /tmp/synth-10m.tsv and /tmp/synth-25m.tsv, generated when missing), SIZES (default
# "10m 25m"), RUN_TIMEOUT (seconds allowed to one training run; default 1800).
#
# What is measured, per data set:
#  - the split: collab4j's own `--valid-pct 0.1 --seed 0` random split, written by bench/LibmfSplit.java
#    (collab4j's loader and org.collab4j.data.Splits.random) as LIBMF's "user item rating" files with
#    0-based dense ids, so both train on the same rows and validate on the same rows;
#  - LIBMF: `mf-train -k 32 -t 20 -l1 0 -l2 0.1 -r 0.1 -s 2 -p VALID TRAIN MODEL`. Its seconds per
#    iteration are the gaps between the arrival times of its per-iteration lines (median of the 19
#    gaps; the first line also covers reading the files). LIBMF computes and prints the validation
#    RMSE between two iterations, so each gap is one iteration plus one validation pass (and the
#    regularisation term of the objective), as collab4j's epoch seconds include its validation loss.
#    One extra LIBMF run without -p per data set gives the iteration time without the validation pass;
#  - collab4j: `./collab4j train ... --json`, the median of its 20 epochs[].seconds;
#  - both: wall time and peak RSS of the whole process from /usr/bin/time -v, validation RMSE
#    (medians over the runs). Wall times are not like for like: collab4j's includes JVM start-up,
#    parsing the original file and making the split, LIBMF's reading the two split files.
# The hyperparameters are each system's own (see the commands); only shape, data, split and threads
# are shared. The machine may be shared: the load average is printed with the table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LIBMF_SRC="${1:-}"
RUNS="${RUNS:-3}"
SIZES="${SIZES:-10m 25m}"
RUN_TIMEOUT="${RUN_TIMEOUT:-1800}"
SYNTH_DIR="$ROOT/../shared/tools"
[ -d "$SYNTH_DIR" ] || SYNTH_DIR=/work/shared/tools
declare -A DATA=([10m]="${SYNTH_10M:-/tmp/synth-10m.tsv}" [25m]="${SYNTH_25M:-/tmp/synth-25m.tsv}")
declare -A SHAPE=([10m]="70000 10000 10000000 20 11" [25m]="162000 59000 25000000 20 13")

case "$RUNS" in '' | *[!0-9]* | 0) echo "RUNS must be a positive integer, got '$RUNS'" >&2; exit 2 ;; esac
for s in $SIZES; do [ -n "${SHAPE[$s]:-}" ] || { echo "unknown size '$s' in SIZES (known: 10m 25m)" >&2; exit 2; }; done
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/compare-libmf.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ -z "$LIBMF_SRC" ]; then
  cat >&2 <<'EOF'
No LIBMF source folder given: measuring collab4j alone.
To compare with LIBMF, get its source (the `fetch` look-up tool with github:cjlin1/libmf gives a bare
git folder; see ../shared/peers/README.md), for example
    mkdir -p /tmp/libmf && git --git-dir=FETCHED archive HEAD | tar -x -C /tmp/libmf
and run  bench/compare-libmf.sh /tmp/libmf
EOF
  MF=""
else
  [ -d "$LIBMF_SRC" ] || { echo "LIBMF_SRC '$LIBMF_SRC' is not a folder" >&2; exit 2; }
  mkdir "$WORK/libmf"
  if [ -f "$LIBMF_SRC/HEAD" ] && [ -d "$LIBMF_SRC/objects" ]; then   # a bare git folder
    git --git-dir="$LIBMF_SRC" archive HEAD | tar -x -C "$WORK/libmf"
  else
    cp -R "$LIBMF_SRC/." "$WORK/libmf/"
  fi
  [ -f "$WORK/libmf/mf.cpp" ] && [ -f "$WORK/libmf/Makefile" ] || { echo "$LIBMF_SRC has no mf.cpp and Makefile: not a LIBMF source folder" >&2; exit 2; }
  echo "building LIBMF (stock Makefile) in a temporary folder" >&2
  make -C "$WORK/libmf" clean all >"$WORK/libmf-build.log" 2>&1 || { cat "$WORK/libmf-build.log" >&2; exit 1; }
  MF="$WORK/libmf/mf-train"
fi

./collab4j --help >/dev/null 2>&1 || true   # builds the jar on first use, outside the timings
./collab4j --version >/dev/null
CORE_JAR="$(find core/target -maxdepth 1 -name 'collab4j-core-*.jar' ! -name '*-tests.jar' ! -name '*-sources.jar' | head -1)"
[ -n "$CORE_JAR" ] || { echo "no core/target/collab4j-core-*.jar after the build" >&2; exit 1; }

gen() { # size
  local f="${DATA[$1]}"
  [ -s "$f" ] && return
  echo "generating $f" >&2
  # shellcheck disable=SC2086
  java "$SYNTH_DIR/SynthRatings.java" ${SHAPE[$1]} "$f.part.$$" >&2
  mv "$f.part.$$" "$f"
}

median() { sort -g | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]}'; }
rss_mb() { awk -F: '/Maximum resident set size/ {printf "%.0f\n", $2 / 1024}' "$1"; }
wall_s() { # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
  awk '/Elapsed \(wall clock\)/ {n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f\n", s}' "$1"
}
# reads LIBMF's output and prefixes each line with the time it arrived
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
# median gap between consecutive iteration lines (iterations 0..19 give 19 gaps)
libmf_gap() { awk '$2 ~ /^[0-9]+$/ {if (seen) print $1 - prev; prev = $1; seen = 1}' "$1" | median; }
libmf_va() { awk '$2 ~ /^[0-9]+$/ {v = $4} END {print v}' "$1"; }

run_libmf() { # size run [-p]
  local s="$1" i="$2" p="${3:-}" tag="libmf-$1-$2${3:+-v}" args=()
  [ -n "$p" ] && args=(-p "$WORK/$s.va")
  timeout "$RUN_TIMEOUT" /usr/bin/time -v -o "$WORK/$tag.time" \
    "$MF" -k 32 -t 20 -l1 0 -l2 0.1 -r 0.1 -s 2 "${args[@]}" "$WORK/$s.tr" "$WORK/$tag.model" | stamp >"$WORK/$tag.out" \
    || { cat "$WORK/$tag.out" "$WORK/$tag.time" >&2; exit 1; }
  rm -f "$WORK/$tag.model"
  [ "$(awk '$2 ~ /^[0-9]+$/ {n++} END {print n + 0}' "$WORK/$tag.out")" -eq 20 ] || { echo "LIBMF did not print 20 iteration lines:" >&2; cat "$WORK/$tag.out" >&2; exit 1; }
}
C4J_ARGS=(--model dot-bias --factors 32 --optimizer sgd --schedule constant --epochs 20 --threads 2 --valid-pct 0.1 --seed 0 --json)
run_c4j() { # size run
  local tag="c4j-$1-$2"
  timeout "$RUN_TIMEOUT" /usr/bin/time -v -o "$WORK/$tag.time" \
    ./collab4j train --data "${DATA[$1]}" "${C4J_ARGS[@]}" >"$WORK/$tag.json" 2>"$WORK/$tag.err" \
    || { cat "$WORK/$tag.err" "$WORK/$tag.time" >&2; exit 1; }
}
c4j_json() { python3 -c "import json, statistics, sys; o = json.load(open(sys.argv[1])); print($1)" "$2"; }

ROWS="$WORK/rows.md"
: >"$ROWS"
row() { printf '| %s | %s | %s | %s | %s |\n' "$@" >>"$ROWS"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) / float(sys.argv[1])))" "$1" "$2" || echo "—"; }
LOADS=()

for s in $SIZES; do
  gen "$s"
  LOADS+=("synth-$s start: $(cut -d' ' -f1-3 /proc/loadavg)")
  if [ -n "$MF" ]; then
    echo "synth-$s: writing collab4j's split for LIBMF" >&2
    java -cp "$CORE_JAR" bench/LibmfSplit.java "${DATA[$s]}" 0.1 0 "$WORK/$s.tr" "$WORK/$s.va" >"$WORK/$s.split.json"
  fi
  for i in $(seq "$RUNS"); do
    if [ -n "$MF" ]; then echo "synth-$s: LIBMF run $i" >&2; run_libmf "$s" "$i" -p; fi
    echo "synth-$s: collab4j run $i" >&2
    run_c4j "$s" "$i"
  done
  if [ -n "$MF" ]; then echo "synth-$s: LIBMF without -p" >&2; run_libmf "$s" np; fi
  LOADS+=("synth-$s end: $(cut -d' ' -f1-3 /proc/loadavg)")

  c_ep=$(for i in $(seq "$RUNS"); do c4j_json "'%.3f' % statistics.median(e['seconds'] for e in o['epochs'])" "$WORK/c4j-$s-$i.json"; done | median)
  c_wall=$(for i in $(seq "$RUNS"); do wall_s "$WORK/c4j-$s-$i.time"; done | median)
  c_rss=$(for i in $(seq "$RUNS"); do rss_mb "$WORK/c4j-$s-$i.time"; done | median)
  c_rmse=$(for i in $(seq "$RUNS"); do c4j_json "'%.4f' % o['valid_rmse']" "$WORK/c4j-$s-$i.json"; done | median)
  c_n=$(c4j_json "'%d train / %d valid' % (o['n_train'], o['n_valid'])" "$WORK/c4j-$s-1.json")
  l_ep="" l_wall="" l_rss="" l_rmse="" l_np=""
  if [ -n "$MF" ]; then
    l_ep=$(for i in $(seq "$RUNS"); do libmf_gap "$WORK/libmf-$s-$i-v.out"; done | median | xargs printf '%.3f')
    l_wall=$(for i in $(seq "$RUNS"); do wall_s "$WORK/libmf-$s-$i-v.time"; done | median)
    l_rss=$(for i in $(seq "$RUNS"); do rss_mb "$WORK/libmf-$s-$i-v.time"; done | median)
    l_rmse=$(for i in $(seq "$RUNS"); do libmf_va "$WORK/libmf-$s-$i-v.out"; done | median)
    l_np=$(libmf_gap "$WORK/libmf-$s-np.out" | xargs printf '%.3f')
    l_n=$(python3 -c "import json, sys; o = json.load(open(sys.argv[1])); print('%d train / %d valid' % (o['n_train'], o['n_valid']))" "$WORK/$s.split.json")
    [ "$l_n" = "$c_n" ] || { echo "synth-$s: the split written for LIBMF ($l_n) differs from collab4j's ($c_n)" >&2; exit 1; }
  fi
  d="synth-$s ($c_n)"
  row "$d" "s/iteration, median (incl. validation pass)" "${l_ep:-—}" "$c_ep" "$(ratio "$l_ep" "$c_ep")"
  [ -n "$MF" ] && row "$d" "LIBMF s/iteration without -p (1 run)" "$l_np" "" ""
  row "$d" "whole process wall, s" "${l_wall:-—}" "$c_wall" "$(ratio "$l_wall" "$c_wall")"
  row "$d" "peak RSS, MB" "${l_rss:-—}" "$c_rss" "$(ratio "$l_rss" "$c_rss")"
  row "$d" "validation RMSE after 20 iterations" "${l_rmse:-—}" "$c_rmse" "$(ratio "$l_rmse" "$c_rmse")"
  rm -f "$WORK/$s.tr" "$WORK/$s.va"
done

if [ -n "$MF" ]; then who="LIBMF vs collab4j, $RUNS runs each (alternating)"; else who="collab4j alone (no LIBMF source given), $RUNS runs"; fi
echo "$who, 2 threads, 32 factors, 20 iterations; medians over the runs."
echo "Machine: $(nproc) cores, shared with other work; load average (1, 5, 15 min) at each data set's start and end:"
printf -- '- %s\n' "${LOADS[@]}"
echo
echo "| data | figure | LIBMF | collab4j | collab4j / LIBMF |"
echo "|---|---|---|---|---|"
cat "$ROWS"
echo
[ -n "$MF" ] && echo "LIBMF: \`mf-train -k 32 -t 20 -l1 0 -l2 0.1 -r 0.1 -s 2 -p VALID TRAIN MODEL\` on collab4j's split (bench/LibmfSplit.java); s/iteration = median gap between its iteration lines, each gap one iteration plus its validation pass."
echo "collab4j: \`./collab4j train --data FILE ${C4J_ARGS[*]}\`; s/iteration = median of epochs[].seconds (each includes the validation loss)."
