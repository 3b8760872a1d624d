#!/usr/bin/env bash
# The launcher keeps the JVM's "WARNING: Using incubator modules" notice off stderr when it switches
# the Vector API on (train --model nn, --optimizer sgd, ...), and otherwise changes nothing: java's
# exit status, stdout (one JSON object under --json), the rest of stderr, a TERM passed on.
# Usage: cli/src/test/sh/launcher-stderr.sh   (after ./collab4j has built cli/target/collab4j.jar)
set -euo pipefail
# shellcheck source=cli/src/test/sh/scratch-launcher.sh
. "$(dirname "$0")/scratch-launcher.sh"   # ROOT, T, L and $T/data
export COLLAB4J_CDS=0
fails=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; sed 's/^/     | /' "$T/out" "$T/err" | tail -20; fails=$((fails + 1)); fi; }

rc=0; "$L" train --data "$T/data" --model nn --epochs 1 --show 0 --json >"$T/out" 2>"$T/err" || rc=$?
check "nn trains (exit 0)" '[ "$rc" = 0 ]'
check "no incubator notice on stderr" '! grep -q "incubator" "$T/err"'
check "the rest of stderr is there" 'grep -q "^rating scale 1..5" "$T/err" && grep -q "^epoch" "$T/err"'
check "stdout is one JSON object" 'python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T/out"'

rc=0; COLLAB4J_SIMD=1 "$L" train --data "$T/nothing" --json >"$T/out" 2>"$T/err" || rc=$?
check "a failure keeps its exit status (1)" '[ "$rc" = 1 ]'
check "and its JSON error on stdout" 'python3 -c "import json,sys; assert \"error\" in json.load(open(sys.argv[1]))" "$T/out"'
check "and its message on stderr, without the notice" 'grep -q "collab4j: error:" "$T/err" && ! grep -q incubator "$T/err"'

rc=0; COLLAB4J_SIMD=1 "$L" train --data "$T/data" --lr abc >"$T/out" 2>"$T/err" || rc=$?
check "a usage error keeps exit status 2" '[ "$rc" = 2 ] && grep -q "^collab4j: --lr takes a decimal number" "$T/err"'

rc=0; COLLAB4J_SIMD=1 "$L" --version >"$T/out" 2>"$T/err" || rc=$?
check "--version with the module on" '[ "$rc" = 0 ] && grep -q "^collab4j " "$T/out" && [ ! -s "$T/err" ]'

# a TERM to the launcher reaches java, and the launcher exits with java's status
COLLAB4J_SIMD=1 "$L" train --data "$T/data" --model nn --epochs 100000 --show 0 >"$T/out" 2>"$T/err" &
LP=$!
# (without --json the epoch table goes to stdout)
for _ in $(seq 1 300); do grep -q "^epoch" "$T/out" 2>/dev/null && break; sleep 0.1; done
kill -TERM "$LP" 2>/dev/null || true   # gone already: the check below says so, with its output
rc=0; wait "$LP" || rc=$?
sleep 0.5
check "TERM passed on (exit 143, java gone)" '[ "$rc" = 143 ] && ! pgrep -f "$T/cli/target/collab4j.jar" >/dev/null'

[ "$fails" = 0 ] && echo "all passed" || { echo "$fails failed"; exit 1; }
