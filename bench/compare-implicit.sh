#!/usr/bin/env bash
# collab4j's ials against implicit 0.7.3's CPU ALS, side by side in the same run, on the synthetic
# log of MovieLens 20M's shape. Prints a Markdown table (bench/compare_implicit.py says what is measured).
#
#   nice -n 10 bench/compare-implicit.sh IMPLICIT_SRC [DATA]
#
# IMPLICIT_SRC: a folder with implicit 0.7.3 built in place (../shared/peers/README.md).
# DATA: "user item weight" lines (default /tmp/synth-implicit-10m.tsv, generated when missing by
# `java ../shared/tools/SynthImplicit.java 138000 20000 10000000 50 7 DATA`).
# Environment: FACTORS (default "64 128"), ITERATIONS (default 3), THREADS (default 2).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
IMPLICIT_SRC="${1:-}"
DATA="${2:-/tmp/synth-implicit-10m.tsv}"
[ -n "$IMPLICIT_SRC" ] || { echo "usage: bench/compare-implicit.sh IMPLICIT_SRC [DATA]  (IMPLICIT_SRC: implicit 0.7.3 built in place)" >&2; exit 2; }
[ -f "$IMPLICIT_SRC/implicit/__init__.py" ] || { echo "$IMPLICIT_SRC: no implicit/__init__.py (build implicit in place first, see ../shared/peers/README.md)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ ! -s "$DATA" ]; then
  TOOLS="$ROOT/../shared/tools"; [ -d "$TOOLS" ] || TOOLS=/work/shared/tools
  echo "generating $DATA" >&2
  java "$TOOLS/SynthImplicit.java" 138000 20000 10000000 50 7 "$DATA" >&2
fi
./collab4j --version >/dev/null   # builds the jar on first use, outside the timings
# shellcheck disable=SC2086
exec /usr/bin/python3 bench/compare_implicit.py "$IMPLICIT_SRC" "$DATA" --factors ${FACTORS:-64 128} \
  --iterations "${ITERATIONS:-3}" --threads "${THREADS:-2}"
