#!/usr/bin/env bash
# Hostile requests against `collab4j serve`, on loopback only, bounded (a few minutes at most):
#   bench/server/hostile.sh [MODEL] [WORKDIR]
# Starts a server (its own feedback database in WORKDIR), sends the malformed, oversized and
# cross-site requests of bench/server/Hostile.java (three 700 MB chunked posts at once among
# them, with a 512 MiB heap), and prints the tally: statuses, 500s, HTML or other non-JSON error
# bodies. Exit code 0 when there are none.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${2:-$(mktemp -d /tmp/collab4j-hostile.XXXXXX)}"
mkdir -p "$WORK"
JAR="$ROOT/cli/target/collab4j.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${COLLAB4J_HOSTILE_PORT:-18182}"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

"$ROOT/collab4j" --version >&2   # builds the jar when needed
MODEL="${1:-$WORK/model.c4j}"
if [ ! -f "$MODEL" ]; then
  timeout 300 "$JAVA" -cp "$JAR" "$ROOT/bench/server/SynthModel.java" "$MODEL" 2000 1500 >/dev/null
fi
rm -f "$WORK"/hostile.db*
"$JAVA" -Xmx512m -jar "$JAR" serve --model "$MODEL" --port "$PORT" --db "jdbc:sqlite:$WORK/hostile.db" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
echo "== hostile requests, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
RC=0
timeout 600 "$JAVA" "$ROOT/bench/server/Hostile.java" "$PORT" "$SERVER_PID" || RC=$?
echo "== server log lines: $(wc -l <"$WORK/serve.log") (in $WORK/serve.log); server alive: $(kill -0 "$SERVER_PID" 2>/dev/null && echo yes || echo NO)"
exit $RC
