#!/usr/bin/env bash
# Serving latency on loopback: `collab4j serve` with an ml-100k dot-bias model, and the load
# generator on the same machine (open loop: each request timed from its intended start).
#   bench/server/latency.sh [RATE] [SECONDS] [NEIGHBOURS]   (needs COLLAB4J_DATA with ml-100k; java 17, curl)
# Defaults: 1000 requests/s for 30 s, then the same beside NEIGHBOURS CPU-bound busy loops
# (default: one per core), then beside the same loops reniced to 19; each run after a 10 s
# warm-up at half the rate (and 2 s unrecorded at the full rate inside the generator). Requests are GET
# /v1/users/{1..943}/recommendations?n=10 over 64 keep-alive connections. Prints the load
# average before and after each run.
set -euo pipefail
RATE="${1:-1000}"
SECS="${2:-30}"
NEIGHBOURS="${3:-$(nproc)}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${COLLAB4J_LATENCY_WORK:-$(mktemp -d /tmp/collab4j-latency.XXXXXX)}"
JAR="$ROOT/cli/target/collab4j.jar"
LOADGEN="$ROOT/bench/src/main/java/org/collab4j/bench/LoadGen.java"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${COLLAB4J_LATENCY_PORT:-18195}"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

"$ROOT/collab4j" --version >&2   # builds the jar when needed
[ -f "$WORK/ml100k.c4j" ] || "$ROOT/collab4j" train --data ml-100k --out "$WORK/ml100k.c4j" --show 0 --quiet >/dev/null
"$ROOT/collab4j" serve --model "$WORK/ml100k.c4j" --port "$PORT" --db "jdbc:sqlite:$WORK/latency.db" >"$WORK/serve.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.25; done
# compile the generator once, so that its runs do not include the source launcher's compile
mkdir -p "$WORK/lg" && "${JAVA%java}javac" -d "$WORK/lg" -cp "$JAR" "$LOADGEN"
lg() { "$JAVA" -cp "$WORK/lg:$JAR" org.collab4j.bench.LoadGen "$@"; }

run() { # LABEL
  lg recs "$PORT" $((RATE / 2)) 10 943 >/dev/null
  load
  echo "$1: $(lg recs "$PORT" "$RATE" "$SECS" 943)"
  load
}
run "alone"
[ "$NEIGHBOURS" -gt 0 ] || exit 0
LOOPS=()
for _ in $(seq 1 "$NEIGHBOURS"); do (while :; do :; done) & LOOPS+=($!); PIDS+=($!); done
sleep 5
run "beside $NEIGHBOURS busy loop(s)"
# the same neighbours at the lowest priority: what an operator gets from `nice -n 19` on batch work
for p in "${LOOPS[@]}"; do renice -n 19 -p "$p" >/dev/null; done
sleep 5
run "beside $NEIGHBOURS busy loop(s) at nice 19"
