#!/usr/bin/env bash
# Spark figures (docs/benchmarks.md, "Spark"; history in docs/notes/spark-dsgd.md): MovieLens 100k
# and synth-10m, local[2].
# Self-contained: builds what it needs, generates synth-10m under /tmp when missing, and prints
# one JSON object per run (also kept under /tmp/collab4j-spark-bench/).
# Usage: bench/spark.sh [ml100k|synth|pipeline|all]   (COLLAB4J_DATA must point at the data folder)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT=/tmp/collab4j-spark-bench
mkdir -p "$OUT"
WHAT="${1:-all}"
DATA="${COLLAB4J_DATA:-$ROOT/../shared/datasets}"
export COLLAB4J_JAVA_OPTS="${COLLAB4J_JAVA_OPTS:--Xmx8g}"

if [ "$WHAT" = ml100k ] || [ "$WHAT" = all ]; then
  # same split (the seeded hash split) and same settings for all three
  "$ROOT/collab4j" spark bench --master 'local[2]' --data "$DATA/ml-100k" \
      --factors 50 --epochs 10 --lr 0.01 --wd 0.05 --als-rank 50 --als-iterations 10 \
      --engines dsgd,single-machine,mllib-als --json > "$OUT/ml100k.json" 2> "$OUT/ml100k.err"
  cat "$OUT/ml100k.json"
fi

if [ "$WHAT" = synth ] || [ "$WHAT" = all ]; then
  SYNTH=/tmp/synth-10m.tsv
  if [ ! -f "$SYNTH" ]; then
    java "$ROOT/../shared/tools/SynthRatings.java" 70000 10000 10000000 20 11 "$SYNTH" \
      || java /work/shared/tools/SynthRatings.java 70000 10000 10000000 20 11 "$SYNTH"
  fi
  # DSGD (32 factors, 10 epochs) beside MLlib ALS (rank 32, 10 iterations) in one session, then the single-machine trainer
  "$ROOT/collab4j" spark bench --master 'local[2]' --data "$SYNTH" \
      --factors 32 --epochs 10 --lr 0.01 --wd 0.05 --als-rank 32 --als-iterations 10 \
      --engines dsgd,mllib-als,single-machine --json > "$OUT/synth10m.json" 2> "$OUT/synth10m.err"
  cat "$OUT/synth10m.json"
fi

if [ "$WHAT" = pipeline ] || [ "$WHAT" = all ]; then
  SYNTH=/tmp/synth-10m.tsv
  if [ ! -f "$SYNTH" ]; then
    java "$ROOT/../shared/tools/SynthRatings.java" 70000 10000 10000000 20 11 "$SYNTH" \
      || java /work/shared/tools/SynthRatings.java 70000 10000 10000000 20 11 "$SYNTH"
  fi
  # Spark ML pipelines in one session: collab4j's DotBias estimator against MLlib's ALS estimator,
  # the same rank and iterations, both scored with MLlib's RegressionEvaluator on the same held-out part
  "$ROOT/collab4j" spark bench --master 'local[2]' --data "$SYNTH" \
      --factors 32 --epochs 10 --lr 0.01 --wd 0.05 --als-rank 32 --als-iterations 10 \
      --engines pipeline,mllib-pipeline --json > "$OUT/pipeline.json" 2> "$OUT/pipeline.err"
  cat "$OUT/pipeline.json"
fi
