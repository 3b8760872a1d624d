#!/usr/bin/env bash
# Load and crash figures for `collab4j serve`, on loopback only, bounded in time (about 6 minutes).
#   bench/serve-load.sh [WORKDIR]        (needs COLLAB4J_DATA with ml-100k; java 17, curl)
# 1. ml-100k model: recommendations at 1,000 req/s for 60 s (after a 10 s warm-up), then a ramp
#    for the highest rate with p99 <= 20 ms;
# 2. a random 162,000-user x 59,000-item model: 200 req/s for 30 s;
# 3. ratings: 10,000 posts from 16 clients (throughput), then 10,000 more with a kill -9 of the
#    server mid-load, a restart, and a check that every acknowledged rating is in the database and
#    reflected in that user's recommendations.
# Latencies are measured from each request's intended start (open loop), so queueing counts.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/collab4j-load.XXXXXX)}"
mkdir -p "$WORK"
JAR="$ROOT/cli/target/collab4j.jar"
SRC="$ROOT/bench/src/main/java/org/collab4j/bench"   # run with the source launcher: no bench build needed
LOADGEN="$SRC/LoadGen.java"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${COLLAB4J_LOAD_PORT:-18181}"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

"$ROOT/collab4j" --version >&2   # builds the jar when needed
lg() { timeout 300 "$JAVA" -cp "$JAR" "$LOADGEN" "$@"; }
start_server() { # MODEL [DB]
  "$JAVA" -XX:+UseParallelGC -Xmx2g -jar "$JAR" serve --model "$1" --port "$PORT" ${2:+--db "$2"} >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "server did not start:"; cat "$WORK/serve.log"; exit 1
}
stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
if [ ! -f "$WORK/ml100k.c4j" ]; then
  "$ROOT/collab4j" train --data ml-100k --out "$WORK/ml100k.c4j" --show 0 --quiet >/dev/null
fi
echo "== 1. ml-100k model (943 users, 1,682 items)"
start_server "$WORK/ml100k.c4j" "jdbc:sqlite:$WORK/ml100k-load.db"
lg recs "$PORT" 1000 10 943 >/dev/null || true   # warm-up (JIT)
echo "-- 1,000 req/s for 60 s"
lg recs "$PORT" 1000 60 943 || true
echo "-- ramp, 15 s a step, p99 <= 20 ms"
lg ramp "$PORT" 943 15 20 250 500 1000 2000 3000 4000 6000 8000 || true
stop_server
echo "== load average now $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 2. random model with 162,000 users x 59,000 items"
[ -f "$WORK/synth59k.c4j" ] || "$JAVA" -Xmx3g -cp "$JAR" "$SRC/SynthModel.java" "$WORK/synth59k.c4j"
start_server "$WORK/synth59k.c4j" "jdbc:sqlite:$WORK/synth-load.db"
lg recs "$PORT" 200 10 162000 >/dev/null || true   # warm-up
echo "-- 200 req/s for 30 s"
lg recs "$PORT" 200 30 162000 || true
stop_server

echo "== 3. ratings: 10,000 posts from 16 clients, then kill -9 mid-load and restart"
DB="jdbc:sqlite:$WORK/crash.db"
rm -f "$WORK"/crash.db* "$WORK/acks.tsv"
start_server "$WORK/ml100k.c4j" "$DB"
lg ratings "$PORT" 10000 16 1682 "$WORK/acks.tsv"
lg ratings "$PORT" 10000 16 1682 "$WORK/acks.tsv" &
LG=$!
# kill once the second run is well under way (3,000 of its posts acknowledged), at most 60 s
for _ in $(seq 1 600); do [ "$(wc -l <"$WORK/acks.tsv")" -ge 13000 ] && break; sleep 0.1; done
kill -9 "$SERVER_PID"; echo "-- server killed with SIGKILL after $(( $(wc -l <"$WORK/acks.tsv") - 10000 )) acknowledged posts of the second run"
SERVER_PID=""
wait "$LG" || true
start_server "$WORK/ml100k.c4j" "$DB"
echo "-- after restart: $(curl -s "http://127.0.0.1:$PORT/health")"
lg verify "$PORT" "$DB" "$WORK/acks.tsv"
stop_server
echo "== done; work files in $WORK"
