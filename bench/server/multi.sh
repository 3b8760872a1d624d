#!/usr/bin/env bash
# Two `collab4j serve` processes on one feedback database, on loopback: how long after server A
# acknowledges a rating does server B serve it?
#   bench/server/multi.sh JDBC_URL [RATE] [SECONDS]   (needs COLLAB4J_DATA with ml-100k; java 17, curl)
# Trains a small ml-100k dot-bias model (once), starts A and B on JDBC_URL (a jdbc:postgresql URL;
# a jdbc:sqlite:FILE works too), then LoadGen propagate posts one rating of a new user to A at RATE
# posts/s (default 200) for SECONDS (default 20) and, after each 2xx, polls B every 2 ms until B
# answers that user's recommendations. Prints the delay's percentiles; exits non-zero on any refusal.
set -euo pipefail
URL="${1:?usage: multi.sh JDBC_URL [RATE] [SECONDS]}"
RATE="${2:-200}"
SECS="${3:-20}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${COLLAB4J_MULTI_WORK:-$(mktemp -d /tmp/collab4j-multi.XXXXXX)}"
JAR="$ROOT/cli/target/collab4j.jar"
LOADGEN="$ROOT/bench/src/main/java/org/collab4j/bench/LoadGen.java"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT_A="${COLLAB4J_MULTI_PORT:-18191}"; PORT_B=$((PORT_A + 1))
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$ROOT/collab4j" --version >&2   # builds the jar when needed
[ -f "$WORK/ml100k.c4j" ] || "$ROOT/collab4j" train --data ml-100k --epochs 3 --out "$WORK/ml100k.c4j" --show 0 --quiet >/dev/null
for port in "$PORT_A" "$PORT_B"; do
  "$ROOT/collab4j" serve --model "$WORK/ml100k.c4j" --port "$port" --db "$URL" >>"$WORK/serve-$port.log" 2>&1 &
  PIDS+=($!)
done
for port in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.25; done
  curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "server on $port did not start:"; tail -5 "$WORK/serve-$port.log"; exit 1; }
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
timeout 600 "$JAVA" -cp "$JAR" "$LOADGEN" propagate "$PORT_A" "$PORT_B" "$RATE" "$SECS" 50
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
