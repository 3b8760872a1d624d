#!/usr/bin/env bash
# The launcher's class-data archive (CDS) must never break a run: missing, stale, corrupt, from
# another JDK, failing to build, or turned off, `train --json` still prints exactly one JSON
# object on stdout. Runs the launcher in a scratch copy of the repository root with the built jar.
# Usage: cli/src/test/sh/launcher-cds.sh   (after ./collab4j has built cli/target/collab4j.jar)
set -euo pipefail
# shellcheck source=cli/src/test/sh/scratch-launcher.sh
. "$(dirname "$0")/scratch-launcher.sh"   # ROOT, T, L and $T/data
JSA="$T/cli/target/collab4j.jsa"
fails=0

run() {   # run NAME [env...]: train must exit 0 with one JSON object on stdout
  local name="$1"; shift
  if env "$@" "$L" train --data "$T/data" --epochs 1 --show 0 --json >"$T/out" 2>"$T/err" \
     && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" 2>/dev/null; then
    echo "ok   $name"
  else
    echo "FAIL $name"; sed 's/^/     | /' "$T/out" "$T/err" | tail -20; fails=$((fails + 1))
  fi
}
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi; }

run "no archive yet: one is made"
check "archive and key exist" '[ -s "$JSA" ] && [ -s "$JSA.key" ]'
check "the message went to stderr" 'grep -q "class-data archive" "$T/err"'
run "fresh archive is used"
check "no rebuild when fresh" '! grep -q "class-data archive" "$T/err"'

# a rebuilt jar: newer than the archive, but not in the future (a remade archive must end up newer)
sleep 1; touch "$T/cli/target/collab4j.jar"
run "stale archive (jar newer): remade"
check "remade after the jar changed" 'grep -q "class-data archive" "$T/err" && [ "$JSA" -nt "$T/cli/target/collab4j.jar" ]'

head -c 4096 /dev/urandom > "$JSA"; touch -d '+4 seconds' "$JSA"
run "corrupt archive: skipped silently"
check "stdout is still only JSON" '[ "$(head -c 1 "$T/out")" = "{" ]'

echo "/some/other/jdk/bin/java" > "$JSA.key"
run "archive from another JDK: remade"
check "key updated" 'grep -q "collab4j.jar" "$JSA.key" && ! grep -q other "$JSA.key"'

rm -f "$JSA" "$JSA.key"
run "turned off" COLLAB4J_CDS=0
check "nothing made when off" '[ ! -e "$JSA" ]'

# a JDK that cannot dump: the failure is remembered, and runs go on without an archive
mkdir -p "$T/fakejdk/bin"
cat > "$T/fakejdk/bin/java" <<'EOS'
#!/usr/bin/env bash
for a in "$@"; do case "$a" in -Xshare:dump|-XX:DumpLoadedClassList=*) exit 3 ;; esac; done
exec java "$@"
EOS
chmod +x "$T/fakejdk/bin/java"
run "dump fails" JAVA_HOME="$T/fakejdk"
check "failure remembered, no archive" '[ -s "$JSA.failed" ] && [ ! -e "$JSA" ]'
run "not retried for the same jar and JDK" JAVA_HOME="$T/fakejdk"
check "no second attempt" '! grep -q "class-data archive" "$T/err"'

[ "$fails" = 0 ] && echo "all passed" || { echo "$fails failed"; exit 1; }
