#!/usr/bin/env bash
# Serving latency of a large catalogue through its approximate index: `collab4j serve` with a model
# and the MODEL.ann beside it, and the load generator on the same machine (open loop: each request
# timed from its intended start).
#   bench/server/ann-latency.sh MODEL [RATE] [SECONDS] [USERS]
# MODEL is a model file with its index beside it, e.g. the synthetic million-item model that
#   OUT=/tmp/ann-1m/model.c4j java ... org.collab4j.bench.AnnBench 500000 1000000 64 500 ...
# writes (users are numbered 1..USERS). Defaults: 500 requests/s for 30 s over 500,000 users, after
# a 10 s warm-up at half the rate; GET /v1/users/{1..USERS}/recommendations?n=10 over 64 keep-alive
# connections. The server's heap is COLLAB4J_JAVA_OPTS (default -Xmx8g); it runs with the Vector API
# (COLLAB4J_SIMD=1), as the benchmark that built the index did. Prints the server's /health search
# mode and the load average before and after the run.
set -euo pipefail
MODEL="$1"
RATE="${2:-500}"
SECS="${3:-30}"
USERS="${4:-500000}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${COLLAB4J_LATENCY_WORK:-$(mktemp -d /tmp/collab4j-ann-latency.XXXXXX)}"
JAR="$ROOT/cli/target/collab4j.jar"
LOADGEN="$ROOT/bench/src/main/java/org/collab4j/bench/LoadGen.java"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${COLLAB4J_LATENCY_PORT:-18196}"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

"$ROOT/collab4j" --version >&2   # builds the jar when needed
COLLAB4J_SIMD="${COLLAB4J_SIMD:-1}" COLLAB4J_JAVA_OPTS="${COLLAB4J_JAVA_OPTS:--Xmx8g}" "$ROOT/collab4j" serve --model "$MODEL" --port "$PORT" \
  --db "jdbc:sqlite:$WORK/latency.db" >"$WORK/serve.log" 2>&1 &
PIDS+=($!)
START=$(date +%s)
for _ in $(seq 1 2400); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "the server stopped:" >&2; tail -20 "$WORK/serve.log" >&2; exit 1; }
  sleep 0.25
done
echo "server up in $(( $(date +%s) - START )) s: $(curl -sf "http://127.0.0.1:$PORT/health" | grep -o '"search":"[a-z]*"')"
mkdir -p "$WORK/lg" && "${JAVA%java}javac" -d "$WORK/lg" -cp "$JAR" "$LOADGEN"
lg() { "$JAVA" -cp "$WORK/lg:$JAR" org.collab4j.bench.LoadGen "$@"; }
echo "warm-up, $((RATE / 2)) req/s for 10 s: $(lg recs "$PORT" $((RATE / 2)) 10 "$USERS" || true)"
load
echo "$RATE req/s for $SECS s: $(lg recs "$PORT" "$RATE" "$SECS" "$USERS")"
load
