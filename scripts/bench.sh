#!/usr/bin/env bash
# Benchmarks (bench/, JMH): heartbeat RPC against gRPC-java and the raw Netty floor, registry scale, timeline
# fan-out. Builds what it needs (the product jar, installed in the local Maven repository, then bench/), runs
# everything with progress lines, and writes target/bench/summary.tsv and summary.md.
#
#   scripts/bench.sh            the full run (about 10 minutes on 2 cores)
#   scripts/bench.sh --quick    fewer, shorter iterations: under 3 minutes of running
#   scripts/bench.sh --only rpc,registry,fanout   --forks N
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

tinysns_find_java
cd "$TINYSNS_HOME"
BENCH_JAR="bench/target/benchmarks.jar"

bench_is_stale() {
  [ ! -f "$BENCH_JAR" ] && return 0
  [ -n "$(find src/main proto pom.xml bench/src bench/proto bench/pom.xml -newer "$BENCH_JAR" -print -quit 2>/dev/null)" ]
}

if bench_is_stale; then
  command -v mvn >/dev/null 2>&1 || tinysns_die "Maven (mvn) is needed to build the benchmarks (Debian: apt-get install maven)"
  mkdir -p target
  # The same lock as the role scripts: one build of the product at a time.
  exec 9>"target/.build.lock"
  flock 9
  echo "bench.sh: building the product and installing it for bench/ (mvn -DskipTests install) ..." >&2
  mvn -B -ntp -q -DskipTests install >&2 || tinysns_die "the product build failed; see the Maven output above"
  flock -u 9
  exec 9>&-
  echo "bench.sh: building bench/ (JMH, gRPC-java baseline) ..." >&2
  (cd bench && mvn -B -ntp -q -DskipTests package >&2) || tinysns_die "the bench build failed; see the Maven output above"
fi

mkdir -p target/bench
exec "$JAVA" -Xmx1g -Dtinysns.bench.out="$TINYSNS_HOME/target/bench" -jar "$BENCH_JAR" "$@"
