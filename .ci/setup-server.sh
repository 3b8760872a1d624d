#!/usr/bin/env bash
# Services for the server module's tests, called from .ci/run as
#   export COLLAB4J_TEST_PG_URL="$(bash .ci/setup-server.sh || true)"
# Installs Debian's chromium, chromium-driver and postgresql when missing (fast when present),
# starts PostgreSQL on loopback, makes a test role and database, and prints the JDBC URL on
# stdout (nothing else goes to stdout). Idempotent. Never fails: when apt or PostgreSQL is not
# available it says why on stderr, prints nothing, and the tests that need them skip with a message.
set -uo pipefail
log() { echo "setup-server: $*" >&2; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    log "installing ${need[*]} from Debian (log: /tmp/collab4j-setup-apt.log)"
    if ! { export DEBIAN_FRONTEND=noninteractive
           timeout 600 apt-get update -qq && timeout 900 apt-get install -y -qq "${need[@]}"; } >/tmp/collab4j-setup-apt.log 2>&1; then
      log "apt-get failed; the browser and PostgreSQL tests will skip (tail of the log follows)"
      tail -5 /tmp/collab4j-setup-apt.log >&2
    fi
  else
    log "no apt-get here; the browser and PostgreSQL tests will skip"
  fi
fi

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  log "PostgreSQL is not installed; its durability test will skip"
  exit 0
fi
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }

cluster="$(pg_lsclusters -h 2>/dev/null | head -1)"
if [ -z "$cluster" ]; then
  ver="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)"
  [ -n "$ver" ] || { log "no PostgreSQL server binaries found"; exit 0; }
  log "creating PostgreSQL $ver cluster 'main'"
  pg_createcluster "$ver" main >/dev/null 2>&1 || { log "pg_createcluster failed"; exit 0; }
  cluster="$(pg_lsclusters -h 2>/dev/null | head -1)"
fi
read -r ver name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  log "starting PostgreSQL $ver/$name on port $port (loopback)"
  pg_ctlcluster "$ver" "$name" start -o "-c listen_addresses=127.0.0.1" >&2 2>&1 || { log "PostgreSQL did not start; its test will skip"; exit 0; }
fi
for _ in $(seq 1 30); do as_pg "psql -p $port -qtAc 'SELECT 1'" >/dev/null 2>&1 && break; sleep 0.5; done
if ! as_pg "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='collab4j_test'\"" 2>/dev/null | grep -q 1; then
  as_pg "psql -p $port -qc \"CREATE ROLE collab4j_test LOGIN PASSWORD 'collab4j_test'\"" >/dev/null 2>&1 || { log "cannot create the test role"; exit 0; }
fi
if ! as_pg "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname='collab4j_test'\"" 2>/dev/null | grep -q 1; then
  as_pg "createdb -p $port -O collab4j_test collab4j_test" >/dev/null 2>&1 || { log "cannot create the test database"; exit 0; }
fi
log "PostgreSQL ready on 127.0.0.1:$port, database collab4j_test"
echo "jdbc:postgresql://127.0.0.1:$port/collab4j_test?user=collab4j_test&password=collab4j_test"
