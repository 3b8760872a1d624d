#!/usr/bin/env bash
# Foundation figures (docs/benchmarks.md, "Accuracy", "Training speed" and "Loading"):
# MovieLens 100k accuracy and speed of dot-bias, whole-process time of
# `./collab4j train`, and the 25M-row load. Prints a Markdown table.
# Usage: bench/foundation.sh   (needs COLLAB4J_DATA with ml-100k; generates /tmp/synth-25m.tsv if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
export COLLAB4J_DATA="${COLLAB4J_DATA:-$(cd .. && pwd)/shared/datasets}"
./collab4j --version >/dev/null   # builds on first use
RUNS=${RUNS:-5}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

rmse=""; train=()
for i in $(seq "$RUNS"); do
  out=$(./collab4j train --data ml-100k --json --quiet 2>/dev/null)
  rmse=$(python3 -c 'import json,sys; print("%.4f" % json.loads(sys.argv[1])["valid_rmse"])' "$out")
  train+=("$(python3 -c 'import json,sys; print("%.3f" % json.loads(sys.argv[1])["train_seconds"])' "$out")")
done
wall=()
for i in $(seq "$RUNS"); do
  s=$(date +%s.%N); ./collab4j train --data ml-100k --quiet >/dev/null 2>&1; e=$(date +%s.%N)
  wall+=("$(python3 -c "print('%.2f' % ($e - $s))")")
done

if [ ! -f /tmp/synth-25m.tsv ]; then
  java ../shared/tools/SynthRatings.java 162000 59000 25000000 20 13 /tmp/synth-25m.tsv >/dev/null
fi
mvn -q -o -pl core test-compile >/dev/null 2>&1 || mvn -q -pl core test-compile >/dev/null
load=$(java -Xmx6g -cp core/target/classes:core/target/test-classes org.collab4j.data.LoadBenchmark /tmp/synth-25m.tsv 3 2>&1 | tail -3)

echo "| figure | value | command |"
echo "|---|---|---|"
echo "| ml-100k dot-bias validation RMSE (random 20%, seed 42, 50 factors, 5 epochs one-cycle 5e-3, wd 0.1, bs 64) | $rmse | \`./collab4j train --data ml-100k --json\` (valid_rmse) |"
echo "| those 5 epochs, seconds (median of $RUNS) | $(printf '%s\n' "${train[@]}" | median) | same (train_seconds) |"
echo "| whole \`./collab4j train --data ml-100k\` process, seconds (median of $RUNS) | $(printf '%s\n' "${wall[@]}" | median) | \`time ./collab4j train --data ml-100k\` |"
echo
echo "25M-row load (\`java -Xmx6g -cp core/target/classes:core/target/test-classes org.collab4j.data.LoadBenchmark /tmp/synth-25m.tsv 3\`):"
echo '```'
echo "$load"
echo '```'
