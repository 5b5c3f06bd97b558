#!/usr/bin/env bash
# Sourced by every role script. Finds Java, builds target/tinysns.jar when it is missing or older than the
# sources (so every script works on a fresh clone, from any working directory), and runs a role.

TINYSNS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TINYSNS_JAR="$TINYSNS_HOME/target/tinysns.jar"
# The benchmarks and the soak driver: bench/ is a Maven project of its own that depends on the installed product.
TINYSNS_BENCH_JAR="$TINYSNS_HOME/bench/target/benchmarks.jar"

# The coordinator's JVM unless TINYSNS_JAVA_OPTS says otherwise. Its table holds ~200 bytes per server, so the
# serial collector with a small starting heap keeps it at ~60-90 MiB resident; G1 by default would size its heap
# toward a quarter of the machine's memory. bench.sh runs the coordinator of the peers benchmark with these too.
TINYSNS_COORDINATOR_JAVA_OPTS="-XX:+UseSerialGC -Xms8m"

tinysns_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# tinysns_port_taken <port>: true when something on this machine listens on it.
tinysns_port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

tinysns_find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    tinysns_die "no java found: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk) or set JAVA_HOME"
  fi
}

# tinysns_is_stale <jar> <source>...: true when <jar> is missing or older than a source (a path under TINYSNS_HOME).
tinysns_is_stale() {
  local jar="$1"
  shift
  [ ! -f "$jar" ] && return 0
  [ -n "$(cd "$TINYSNS_HOME" && find "$@" -newer "$jar" -print -quit 2>/dev/null)" ]
}

tinysns_jar_is_stale() { tinysns_is_stale "$TINYSNS_JAR" src/main proto pom.xml; }

# tinysns_build_once <is_stale> <build> <no_maven_message>: runs the function <build> when the function <is_stale>
# says so. Several scripts may start at once (local-cluster.sh): one builds under the lock, the others wait for it and
# then find nothing stale.
tinysns_build_once() {
  "$1" || return 0
  command -v mvn >/dev/null 2>&1 || tinysns_die "$3"
  mkdir -p "$TINYSNS_HOME/target"
  exec 9>"$TINYSNS_HOME/target/.build.lock"
  flock 9
  if "$1"; then
    "$2"
  fi
  flock -u 9
  exec 9>&-
}

# tinysns_mvn <folder> <goal> <what>: a quiet Maven build without tests in TINYSNS_HOME/<folder>; dies naming <what>.
tinysns_mvn() {
  (cd "$TINYSNS_HOME/$1" && mvn -B -ntp -q -DskipTests "$2" >&2) || tinysns_die "$3 failed; see the Maven output above"
}

tinysns_build_jar() {
  echo "$(basename "$0"): building target/tinysns.jar (first run only) ..." >&2
  tinysns_mvn . package "the build"
}

tinysns_ensure_jar() {
  tinysns_build_once tinysns_jar_is_stale tinysns_build_jar \
    "target/tinysns.jar is missing and Maven (mvn) is not installed to build it (Debian: apt-get install maven)"
}

tinysns_bench_jar_is_stale() {
  tinysns_is_stale "$TINYSNS_BENCH_JAR" src/main proto pom.xml bench/src bench/proto bench/pom.xml
}

# tinysns_ensure_bench_jar: builds bench/target/benchmarks.jar when it is missing or older than the sources: the
# product first, installed in the local Maven repository (bench/ takes it from there), then bench/.
tinysns_build_bench_jar() {
  echo "$(basename "$0"): building the product and installing it for bench/ (mvn -DskipTests install) ..." >&2
  tinysns_mvn . install "the product build"
  echo "$(basename "$0"): building bench/ (JMH, gRPC-java baseline) ..." >&2
  tinysns_mvn bench package "the bench build"
}

tinysns_ensure_bench_jar() {
  tinysns_build_once tinysns_bench_jar_is_stale tinysns_build_bench_jar \
    "Maven (mvn) is needed to build the benchmarks (Debian: apt-get install maven)"
}

# tinysns_run <role> [args...]: replaces this shell with the role's JVM, so signals reach it directly.
tinysns_run() {
  tinysns_find_java
  tinysns_ensure_jar
  # shellcheck disable=SC2086 # TINYSNS_JAVA_OPTS is a list of JVM flags
  exec "$JAVA" ${TINYSNS_JAVA_OPTS:-} -jar "$TINYSNS_JAR" "$@"
}
