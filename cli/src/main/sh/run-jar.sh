# Sourced by the launchers (./collab4j in a checkout, bin/collab4j in a release): runs the
# command-line jar with the JVM flags collab4j wants. Usage: collab4j_run JAR [JVM_FLAG...] -- ARGS...

collab4j_run() {
  local jar="$1"; shift
  local flags=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do flags+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  # SIMD kernels (per-rating SGD training, the nn, autoencoder and blend models' matrix products,
  # top-N for all users) use the JDK's incubating Vector API. The JVM prints "WARNING: Using
  # incubator modules" whenever that module is on, so it is switched on only for the commands that
  # use it; COLLAB4J_SIMD=1 forces it on, COLLAB4J_SIMD=0 off (plain loops).
  local simd="${COLLAB4J_SIMD:-auto}" a
  if [ "$simd" = auto ]; then
    simd=0
    for a in "$@"; do
      case "$a" in sgd|--optimizer=sgd|--all-users|bench|nn|--model=nn|autoencoder|--model=autoencoder|blend|--model=blend) simd=1 ;; esac
    done
  fi
  [ "$simd" = 1 ] && flags+=(--add-modules jdk.incubator.vector)
  # ParallelGC, with a young generation of at most 128 MB: large arrays (a data set's columns, the
  # SGD grid) then go straight to the old generation instead of being copied there, and the process
  # does not keep a large young generation resident (train on synth-25m: 0.85 GB peak RSS instead of 0.97).
  # shellcheck disable=SC2086
  exec "$java" ${COLLAB4J_GC:--XX:+UseParallelGC -XX:MaxNewSize=128m} ${COLLAB4J_JAVA_OPTS:-} "${flags[@]}" -jar "$jar" "$@"
}
