#!/usr/bin/env bash
# A real full disk under `collab4j serve`, on loopback only, bounded (about a minute): needs root (mount).
#   bench/server/disk-full.sh [MODEL] [WORKDIR]
# 1. mounts an 8 MiB tmpfs, starts the server with its SQLite feedback database there, posts from 4
#    clients, fills the tmpfs for 10 s, frees it (bench/server/DiskFull.java), restarts the server and
#    counts acknowledged-but-lost and stored-but-refused posts in the database;
# 2. remounts the tmpfs read-only and starts the server on it again: it must refuse, saying why.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${2:-$(mktemp -d /tmp/collab4j-diskfull.XXXXXX)}"
mkdir -p "$WORK/fs"
JAR="$ROOT/cli/target/collab4j.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${COLLAB4J_DISKFULL_PORT:-18184}"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; umount -l "$WORK/fs" 2>/dev/null || true; }
trap cleanup EXIT

"$ROOT/collab4j" --version >&2
MODEL="${1:-$WORK/model.c4j}"
[ -f "$MODEL" ] || timeout 300 "$JAVA" -cp "$JAR" "$ROOT/bench/server/SynthModel.java" "$MODEL" 2000 1500 >/dev/null
mount -t tmpfs -o size=8m tmpfs "$WORK/fs" || { echo "disk-full: cannot mount a tmpfs (root needed)"; exit 2; }
DB="jdbc:sqlite:$WORK/fs/feedback.db"
start_server() {
  "$JAVA" -Xmx512m -jar "$JAR" serve --model "$MODEL" --port "$PORT" --db "$DB" >>"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "server did not start:"; tail -5 "$WORK/serve.log"; exit 1
}
echo "== full disk, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
start_server
timeout 180 "$JAVA" -cp "$JAR" "$ROOT/bench/server/DiskFull.java" load "$PORT" "$WORK/fs" 10 "$WORK"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
start_server   # replays the database: must start, and holds only what was acknowledged
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
RC=0
timeout 120 "$JAVA" -cp "$JAR" "$ROOT/bench/server/DiskFull.java" verify "$DB" "$WORK" || RC=$?
echo "server log: $(grep -c 'writes to the feedback database fail' "$WORK/serve.log") 'writes fail' and $(grep -c 'work again' "$WORK/serve.log") 'work again' lines; sample: $(grep -m1 'writes to the feedback database fail' "$WORK/serve.log" || true)"
echo "== read-only file system"
mount -o remount,ro "$WORK/fs"
if timeout 60 "$JAVA" -jar "$JAR" serve --model "$MODEL" --port "$PORT" --db "$DB" >"$WORK/ro.log" 2>&1; then
  echo "the server started on a read-only database: WRONG"; RC=1
else
  echo "refused at start: $(tail -1 "$WORK/ro.log")"
fi
exit $RC
