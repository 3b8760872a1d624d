#!/usr/bin/env bash
# kill -9 under load loses no acknowledged rating or event: `collab4j serve`, on loopback only.
#   bench/server/kill9.sh RUNS CLIENTS [JDBC_URL]     (needs COLLAB4J_DATA with ml-100k; java 17, curl; psql for PostgreSQL)
# Each run, twice (ratings on an ml-100k dot-bias model, events on an ml-100k EASE model trained on
# the ratings of 4 or more): empties the feedback database, starts `./collab4j serve`, posts from
# CLIENTS clients (LoadGen ratings / events: one rating, or two events, a post), kills the server
# with SIGKILL once 2,000 posts are acknowledged, starts it again on the same database and checks
# that every acknowledged rating or event is stored and left out of that user's recommendations
# (LoadGen verify / verify-events). Without JDBC_URL the database is a SQLite file in the work
# folder; with a jdbc:postgresql URL its collab4j tables are dropped with psql before each run (give
# `&currentSchema=NAME` to keep them in a schema of their own: it is created if missing).
# Prints one line per run and a total; exits non-zero if anything acknowledged was lost.
set -euo pipefail
RUNS="${1:?usage: kill9.sh RUNS CLIENTS [JDBC_URL]}"
CLIENTS="${2:?usage: kill9.sh RUNS CLIENTS [JDBC_URL]}"
URL="${3:-}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${COLLAB4J_KILL9_WORK:-$(mktemp -d /tmp/collab4j-kill9.XXXXXX)}"
mkdir -p "$WORK"
JAR="$ROOT/cli/target/collab4j.jar"
LOADGEN="$ROOT/bench/src/main/java/org/collab4j/bench/LoadGen.java"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${COLLAB4J_KILL9_PORT:-18185}"
KILL_AFTER=2000   # acknowledged posts before the kill
TOTAL=40000       # posts the clients would send without the kill
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

"$ROOT/collab4j" --version >&2   # builds the jar when needed
lg() { timeout 300 "$JAVA" -cp "$JAR" "$LOADGEN" "$@"; }
[ -f "$WORK/ml100k.c4j" ] || "$ROOT/collab4j" train --data ml-100k --epochs 3 --out "$WORK/ml100k.c4j" --show 0 --quiet >/dev/null
[ -f "$WORK/ease.c4j" ] || "$ROOT/collab4j" train --data ml-100k --positive 4 --model ease --out "$WORK/ease.c4j" --show 0 --quiet >/dev/null

if [ -z "$URL" ]; then
  DB="jdbc:sqlite:$WORK/kill9.db"; KIND=sqlite
  reset_db() { rm -f "$WORK"/kill9.db*; }
else
  DB="$URL"; KIND=postgresql
  # jdbc:postgresql://HOST:PORT/DB?user=U&password=P[&currentSchema=S] as psql's connection settings
  rest="${URL#jdbc:postgresql://}"; hostport="${rest%%/*}"; rest="${rest#*/}"; dbname="${rest%%\?*}"; query="${rest#*\?}"
  [ "$query" = "$rest" ] && query=""
  param() { tr '&' '\n' <<<"$query" | sed -n "s/^$1=//p" | head -1; }
  export PGHOST="${hostport%%:*}" PGDATABASE="$dbname" PGUSER="$(param user)" PGPASSWORD="${COLLAB4J_DB_PASSWORD:-$(param password)}"
  [ "$hostport" != "${hostport#*:}" ] && export PGPORT="${hostport#*:}"
  SCHEMA="$(param currentSchema)"
  if [ -n "$SCHEMA" ]; then
    psql -qtAc "CREATE SCHEMA IF NOT EXISTS $SCHEMA" >/dev/null
    export PGOPTIONS="-c search_path=$SCHEMA"
  fi
  reset_db() { psql -qtAc "DROP TABLE IF EXISTS collab4j_ratings, collab4j_events, collab4j_users, collab4j_heartbeat, collab4j_schema" >/dev/null 2>&1; }
fi

start_server() { # MODEL
  "$ROOT/collab4j" serve --model "$1" --port "$PORT" --db "$DB" >>"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "server did not start:"; tail -5 "$WORK/serve.log"; exit 1
}

echo "== kill -9 under load: $RUNS runs x $CLIENTS clients, $KIND, $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
RC=0; ACKED_ALL=0; MISSING_ALL=0
for run in $(seq 1 "$RUNS"); do
  for what in ratings events; do
    reset_db
    ACKS="$WORK/acks-$run-$what.tsv"; rm -f "$ACKS"; touch "$ACKS"
    if [ "$what" = ratings ]; then MODEL="$WORK/ml100k.c4j"; PER=1; CHECK=verify; else MODEL="$WORK/ease.c4j"; PER=2; CHECK=verify-events; fi
    start_server "$MODEL"
    lg "$what" "$PORT" "$TOTAL" "$CLIENTS" 1682 "$ACKS" >"$WORK/load-$run-$what.txt" 2>&1 &
    LG=$!
    for _ in $(seq 1 600); do [ "$(wc -l <"$ACKS")" -ge $((KILL_AFTER * PER)) ] && break; sleep 0.05; done
    { kill -9 "$SERVER_PID"; wait "$SERVER_PID"; } 2>/dev/null || true; SERVER_PID=""
    wait "$LG" || true
    start_server "$MODEL"
    OUT="$(lg "$CHECK" "$PORT" "$DB" "$ACKS" 2>&1)" || RC=1
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
    # "verify: N acknowledged ... M rows ...; K acknowledged ... missing; B users ..."
    read -r ACKED ROWS MISSING BAD < <(sed -E 's/^[a-z-]+: ([0-9]+) acknowledged [a-z]+ of [0-9]+ users; ([0-9]+) rows in the database; ([0-9]+) acknowledged [a-z]+ missing; ([0-9]+) users.*/\1 \2 \3 \4/' <<<"$OUT")
    ACKED_ALL=$((ACKED_ALL + ACKED)); MISSING_ALL=$((MISSING_ALL + MISSING))
    printf 'run %d %-7s: %s acknowledged before and at the kill, %s rows after the restart, %s missing, %s users whose list ignores them (%s)\n' \
      "$run" "$what" "$ACKED" "$ROWS" "$MISSING" "$BAD" "$(head -1 "$WORK/load-$run-$what.txt")"
  done
done
echo "== $KIND, $RUNS runs x $CLIENTS clients: $MISSING_ALL of $ACKED_ALL acknowledged ratings and events missing; work files in $WORK"
[ "$MISSING_ALL" -eq 0 ] || RC=1
exit $RC
