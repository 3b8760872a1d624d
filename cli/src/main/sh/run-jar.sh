# Sourced by the launchers (./collab4j in a checkout, bin/collab4j in a release): runs the
# command-line jar with the JVM flags collab4j wants. Usage: collab4j_run JAR [JVM_FLAG...] -- ARGS...

# The JVM writes "WARNING: Using incubator modules: jdk.incubator.vector" as the first line on stderr
# whenever the Vector API module is on (the SIMD kernels, and Spark); nobody asked for it, so
# run_java drops that one line and passes the rest of stderr through as it comes (progress bars
# too). Java runs as a child rather than in place of this script, so that the script can wait for
# the filter to finish writing before it exits with java's status; TERM, HUP and INT are passed on.
drop_incubator_notice() {
  trap '' INT TERM HUP   # keep passing stderr on while java shuts down
  local first=""
  if IFS= read -r first; then
    [ "$first" = "WARNING: Using incubator modules: jdk.incubator.vector" ] || printf '%s\n' "$first"
  elif [ -n "$first" ]; then
    printf '%s' "$first"
  fi
  exec cat
}
run_java() {
  local errfd jpid fpid rc=0
  exec {errfd}> >(drop_incubator_notice >&2)
  fpid=$!
  "$@" <&0 2>&"$errfd" &
  jpid=$!
  exec {errfd}>&-
  trap 'kill -s TERM "$jpid" 2>/dev/null || true' TERM HUP INT
  wait "$jpid" || rc=$?
  while kill -0 "$jpid" 2>/dev/null; do rc=0; wait "$jpid" || rc=$?; done   # a signal ended the wait, not java
  while kill -0 "$fpid" 2>/dev/null; do sleep 0.01; done
  exit "$rc"
}

collab4j_run() {
  local jar="$1"; shift
  local flags=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do flags+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  # SIMD kernels (per-rating SGD training, the nn, autoencoder and blend models' matrix products,
  # iALS's conjugate-gradient steps, top-N for all users, the approximate index's distances) use the JDK's incubating Vector API. It is switched on only for the
  # commands that use it (loading the module costs start-up time), and then the JVM's "Using
  # incubator modules" notice is filtered out of stderr (run_java); COLLAB4J_SIMD=1 forces it on,
  # COLLAB4J_SIMD=0 off (plain loops).
  local simd="${COLLAB4J_SIMD:-auto}" a sgd=0
  for a in "$@"; do
    case "$a" in sgd|--optimizer=sgd) sgd=1 ;; esac
  done
  if [ "$simd" = auto ]; then
    simd=$sgd
    for a in "$@"; do
      case "$a" in --all-users|bench|index|--ann|nn|--model=nn|autoencoder|--model=autoencoder|blend|--model=blend|ials|--model=ials) simd=1 ;; esac
    done
  fi
  # The heap follows the data. ParallelGC, with a young generation of at most 128 MB: large arrays
  # (a data set's columns) then go straight to the old generation instead of being copied there,
  # and the process does not keep a large young generation resident.
  # Per-rating SGD allocates next to nothing once its arrays are built, so it runs with the serial
  # collector, a heap that starts at 32 MB, a young generation of at most 6 MB (resident on top of
  # the live set; 32 MB cost 20-35 MB more peak RSS at synth-10m than 16 MB, and 16 MB about 10 MB
  # more than 6 MB, with the same pauses in all), and a heap kept within 2-5% of
  # what is live: each phase (parse, merge, split, grid) reuses the space of the one before instead
  # of growing the heap past it, so the peak RSS is about the largest live set plus the JVM's own
  # 60 MB, with no -Xmx to guess. A heap kept within 2-5% of what is live rather than 10-20% took
  # 10-20 MB off the peak at synth-10m and 35-45 MB at synth-25m, for about 6 more full collections
  # (0.7 s of pauses in all at synth-25m either way). COLLAB4J_GC replaces these flags.
  local gc="-XX:+UseParallelGC -XX:MaxNewSize=128m"
  [ "$sgd" = 1 ] && gc="-XX:+UseSerialGC -Xms32m -XX:MaxNewSize=6m -XX:MinHeapFreeRatio=2 -XX:MaxHeapFreeRatio=5"
  # shellcheck disable=SC2086
  if [ "$simd" = 1 ]; then
    run_java "$java" ${COLLAB4J_GC:-$gc} ${COLLAB4J_JAVA_OPTS:-} "${flags[@]}" --add-modules jdk.incubator.vector -jar "$jar" "$@"
  fi
  # shellcheck disable=SC2086
  exec "$java" ${COLLAB4J_GC:-$gc} ${COLLAB4J_JAVA_OPTS:-} "${flags[@]}" -jar "$jar" "$@"
}
