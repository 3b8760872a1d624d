# Sourced by the launcher's tests (launcher-cds.sh, launcher-stderr.sh): a scratch copy of the
# repository root holding the launcher, its run-jar.sh and the built jar (newer than any source
# there, so the launcher never rebuilds), and a small MovieLens-100k-shaped data set in $T/data.
# Sets ROOT (the checkout), T (the copy, removed on exit) and L (the launcher in the copy).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
[ -f "$ROOT/cli/target/collab4j.jar" ] || { echo "build first: ./collab4j --version" >&2; exit 2; }
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/cli/target" "$T/data"
cp "$ROOT/collab4j" "$T/"
mkdir -p "$T/cli/src/main/sh" && cp "$ROOT/cli/src/main/sh/run-jar.sh" "$T/cli/src/main/sh/"
cp "$ROOT/cli/target/collab4j.jar" "$T/cli/target/"
touch "$T/cli/target/collab4j.jar"
awk 'BEGIN { for (i = 0; i < 600; i++) printf "%d\t%d\t%d\t%d\n", 1 + i % 40, 1 + (i * 13) % 50, 1 + (i * 7) % 5, 874965758 + i }' > "$T/data/u.data"
L="$T/collab4j"
