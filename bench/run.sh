#!/usr/bin/env bash
# End-to-end figures of speed and scale on one machine (docs/benchmarks.md, "Scale on one
# machine"). Generates the synthetic sets when missing, runs train / recommend through the ./collab4j
# launcher, and prints a Markdown table (figure, value, command) on stdout; with OUT=FILE it writes
# the table to FILE instead, keeping the sections written by hand below it ("## ...").
#
#   bench/run.sh                 # everything (about 10 minutes on 2 quiet cores)
#   QUICK=1 bench/run.sh         # skip synth-25m
#   OUT=docs/notes/speed-and-scale.md bench/run.sh    # refresh the table at the top of that note
#
# Needs: java 17, python3, /usr/bin/time (GNU), and MovieLens 100k under $COLLAB4J_DATA
# (default ../shared/datasets) for the ml-100k rows. Run it alone on the machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-}"   # empty: stdout
SYNTH="${SYNTH:-$ROOT/../shared/tools/SynthRatings.java}"
[ -f "$SYNTH" ] || SYNTH=/work/shared/tools/SynthRatings.java
export COLLAB4J_DATA="${COLLAB4J_DATA:-$ROOT/../shared/datasets}"
TMP="${TMPDIR:-/tmp}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

gen() { # file users items ratings seed
  [ -s "$1" ] || { echo "generating $1" >&2; java "$SYNTH" "$2" "$3" "$4" 20 "$5" "$1"; }
}
gen "$TMP/synth-10m.tsv" 70000 10000 10000000 11
[ -n "${QUICK:-}" ] || gen "$TMP/synth-25m.tsv" 162000 59000 25000000 13

./collab4j --help >/dev/null 2>&1 || true   # builds the jar on first use, outside the timings

ROWS="$WORK/rows.md"
: >"$ROWS"
row() { printf '| %s | %s | `%s` |\n' "$1" "$2" "$3" >>"$ROWS"; }

# runs a command with /usr/bin/time -v; stdout (one JSON object) to $WORK/$1.json, peak RSS (MB) to $WORK/$1.rss
timed() {
  local name="$1"; shift
  /usr/bin/time -v "$@" >"$WORK/$name.json" 2>"$WORK/$name.err" || { cat "$WORK/$name.err" >&2; exit 1; }
  awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$name.err" >"$WORK/$name.rss"
}
json() { python3 -c "import json,sys; o=json.load(open('$WORK/$1.json')); print($2)"; }
# median seconds per epoch, leaving out epoch 0 (JIT warm-up and first touch of the arrays)
epoch_median() { json "$1" "'%.3f' % sorted(e['seconds'] for e in o['epochs'][1:])[len(o['epochs'][1:])//2]"; }

train_cmd() { # data threads [extra...]
  local d="$1" t="$2"; shift 2
  echo ./collab4j train --data "$d" --model dot-bias --factors 32 --optimizer sgd --schedule constant --epochs 20 --threads "$t" --valid-pct 0.1 --seed 0 --json "$@"
}

for size in 10m 25m; do
  [ "$size" = 25m ] && [ -n "${QUICK:-}" ] && continue
  f="$TMP/synth-$size.tsv"
  extra=()
  # the 25M run also saves the model for the top-N figure (with the launcher's defaults; the
  # seen-item rows it then builds are counted in its peak RSS)
  [ "$size" = 25m ] && extra=(--out "$WORK/synth-25m.c4j")
  cmd="$(train_cmd "$f" 2) ${extra[*]:-}"
  timed "t2-$size" $cmd
  row "synth-$size: seconds per epoch, 2 threads (median of epochs 1-19)" "$(epoch_median "t2-$size") s" "$(train_cmd "$f" 2)"
  row "synth-$size: validation RMSE after 20 epochs" "$(json "t2-$size" "'%.4f' % o['valid_rmse']")" "$(train_cmd "$f" 2)"
  row "synth-$size: peak RSS of the whole training process" "$(cat "$WORK/t2-$size.rss") MB" "/usr/bin/time -v $cmd"
  row "synth-$size: whole process (load, split, 20 epochs, model)" "$(json "t2-$size" "'%.1f s' % o['total_seconds']")" "$(train_cmd "$f" 2)"
done

# thread scaling on synth-10m: 1 thread vs 2 threads, seconds per epoch
timed t1-10m $(train_cmd "$TMP/synth-10m.tsv" 1)
one="$(epoch_median t1-10m)"; two="$(epoch_median t2-10m)"
row "synth-10m: seconds per epoch, 1 thread" "$one s" "$(train_cmd "$TMP/synth-10m.tsv" 1)"
row "synth-10m: speed-up 1 -> 2 threads" "$(python3 -c "print('%.2fx' % ($one / $two))")" "ratio of the two per-epoch medians"
if [ -z "${QUICK:-}" ]; then
  t25="$(epoch_median t2-25m)"
  n10="$(json t2-10m "o['n_train']")"; n25="$(json t2-25m "o['n_train']")"
  row "10M -> 25M: per-epoch time relative to linear in ratings" \
      "$(python3 -c "print('%.2f (1.00 = linear)' % (($t25 / $two) / ($n25 / $n10)))")" "per-epoch medians / training ratings"
  cmd="./collab4j recommend --model $WORK/synth-25m.c4j --all-users -n 10 --out $WORK/top10.tsv --json"
  timed topn $cmd
  row "synth-25m: top-10 for all users (score + write)" "$(json topn "'%.1f s (%d users; scoring %.1f s)' % (o['seconds'], o['users'], o['score_seconds'])")" "$cmd"
  row "synth-25m: peak RSS of recommend --all-users" "$(cat "$WORK/topn.rss") MB" "/usr/bin/time -v $cmd"
fi

# MovieLens 100k end to end in one process: load, split, 5 epochs, validate (total_seconds)
if [ -f "$COLLAB4J_DATA/ml-100k/u.data" ]; then
  cmd="./collab4j train --data ml-100k --json"
  timed ml $cmd
  row "ml-100k, fastai protocol (Adam, one-cycle, 5 epochs): work inside the process" "$(json ml "'%.2f s (training %.2f s), RMSE %.4f' % (o['total_seconds'], o['train_seconds'], o['valid_rmse'])")" "$cmd"
  cmd="./collab4j train --data ml-100k --optimizer sgd --schedule constant --epochs 5 --json"
  timed mlsgd $cmd
  row "ml-100k, plain SGD, 5 epochs: work inside the process" "$(json mlsgd "'%.2f s (training %.2f s), RMSE %.4f' % (o['total_seconds'], o['train_seconds'], o['valid_rmse'])")" "$cmd"
fi

# sections written by hand below the table ("## ..."): kept
KEEP=""
[ -n "$OUT" ] && [ -f "$OUT" ] && KEEP="$(awk '/^## /{k=1} k' "$OUT")"
{
  echo "# Speed and scale on one machine"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(java -version 2>&1 | head -1), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "LIBMF on the same kind of machine: 0.26 s/iteration (synth-10m), 0.81 s/iteration (synth-25m), RMSE 0.825 / 0.827, RSS 118 / 293 MB."
  echo
  echo "| figure | value | command |"
  echo "|---|---|---|"
  cat "$ROWS"
  if [ -n "$KEEP" ]; then echo; printf '%s\n' "$KEEP"; fi
} >"${OUT:-/dev/stdout}"
[ -z "$OUT" ] || echo "wrote $OUT" >&2
