#!/usr/bin/env bash
# Benchmarks (bench/, JMH): heartbeat RPC against gRPC-java and the raw Netty floor, registry scale, timeline
# fan-out. Builds what it needs (the product jar, installed in the local Maven repository, then bench/), runs
# everything with progress lines, and writes target/bench/summary.tsv and summary.md.
#
#   scripts/bench.sh            the full run (about 13 minutes on 2 cores)
#   scripts/bench.sh --quick    fewer, shorter iterations: under 3 minutes of running
#   scripts/bench.sh --only rpc,registry,fanout   --forks N
#   scripts/bench.sh --peers    tinysns beside etcd leases and ZooKeeper ephemeral sessions (about 15 minutes);
#                               installs Debian's etcd-server when etcd is missing (needs root); writes
#                               target/bench/peers.tsv and peers.md.  --peers --quick: about 4 minutes.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

tinysns_find_java
cd "$TINYSNS_HOME"
tinysns_ensure_bench_jar

mkdir -p target/bench
peers=false
for arg in "$@"; do
  [ "$arg" = "--peers" ] && peers=true
done
if ! $peers; then
  exec "$JAVA" -Xmx1g -Dtinysns.bench.out="$TINYSNS_HOME/target/bench" -jar "$TINYSNS_BENCH_JAR" "$@"
fi

# --peers: etcd from Debian's package, ZooKeeper from the bench jar; their data in a folder removed on exit.
ETCD="$(command -v etcd || true)"
if [ -z "$ETCD" ]; then
  [ "$(id -u)" -eq 0 ] || tinysns_die "etcd is missing: run as root to let bench.sh install it, or apt-get install etcd-server"
  echo "bench.sh: installing etcd (apt-get install etcd-server) ..." >&2
  if ! apt-cache show etcd-server >/dev/null 2>&1; then
    apt-get update -qq >&2 || tinysns_die "apt-get update failed"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >&2 || tinysns_die "apt-get install etcd-server failed"
  # Debian's package may start a system-wide etcd on the default ports; the benchmark runs its own, elsewhere.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
    systemctl stop etcd >&2 || true
  fi
  ETCD="$(command -v etcd)" || tinysns_die "etcd is still missing after installing etcd-server"
fi
PEERS_TMP="$(mktemp -d "${TMPDIR:-/tmp}/tinysns-peers.XXXXXX")"
java_pid=""
cleanup() {
  if [ -n "$java_pid" ] && kill -0 "$java_pid" 2>/dev/null; then
    kill "$java_pid" 2>/dev/null || true  # its shutdown hooks stop etcd, ZooKeeper and the coordinator
    wait "$java_pid" 2>/dev/null || true
  fi
  # Should the JVM die before its shutdown hooks stop them: etcd and ZooKeeper name the unique folder in their arguments.
  local leftover
  for leftover in $(pgrep -f -- "$PEERS_TMP" || true); do
    kill "$leftover" 2>/dev/null || true
  done
  rm -rf "$PEERS_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# One connection per simulated ZooKeeper server (11,001 in the full run), in the load JVM and in ZooKeeper's.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$JAVA" -Xmx2g -Xss512k -Dtinysns.bench.out="$TINYSNS_HOME/target/bench" -Dtinysns.bench.etcd="$ETCD" \
  -Dtinysns.bench.peers.tmp="$PEERS_TMP" \
  -Dtinysns.bench.peers.registryJvmFlags="$TINYSNS_COORDINATOR_JAVA_OPTS" \
  -jar "$TINYSNS_BENCH_JAR" "$@" &
java_pid=$!
status=0
wait "$java_pid" || status=$?
java_pid=""
exit "$status"
