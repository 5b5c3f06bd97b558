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
#   scripts/bench.sh --sync     cross-cluster delivery through synchronizers and a private RabbitMQ (scripts/broker.sh):
#                               delay from a post's acknowledgement to its arrival on a timeline in another cluster,
#                               at steady rates and at the highest rate; writes target/bench/sync.md. --sync --quick.
#   scripts/bench.sh --replication  a coordinator and two tsd processes of cluster 1 (docs/CONTRACT.md section 8): post
#                               latency and posts/s alone and with an in-sync slave, failover time after kill -9 of
#                               the master and handover time after SIGTERM, repeated; writes target/bench/replication.md.
#                               --replication --quick: about 3 minutes.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

tinysns_find_java
cd "$TINYSNS_HOME"
tinysns_ensure_bench_jar

mkdir -p target/bench
peers=false
sync=false
replication=false
quick=""
for arg in "$@"; do
  [ "$arg" = "--peers" ] && peers=true
  [ "$arg" = "--sync" ] && sync=true
  [ "$arg" = "--replication" ] && replication=true
  [ "$arg" = "--quick" ] && quick="--quick"
done
if $replication; then
  # Real processes of the product jar (as scripts/tsd.sh starts them), stopped by their PIDs when the run ends.
  tinysns_ensure_jar
  exec "$JAVA" -Xmx512m -Dtinysns.bench.out="$TINYSNS_HOME/target/bench" -Dtinysns.bench.jar="$TINYSNS_JAR" \
    -cp "$TINYSNS_BENCH_JAR" tinysns.bench.replication.ReplicationBench $quick
fi
if $sync; then
  # A broker of its own on a free port, its files in a folder removed on exit; stopped by its PID.
  SYNC_TMP="$(mktemp -d "${TMPDIR:-/tmp}/tinysns-sync.XXXXXX")"
  broker_port="$("$JAVA" -cp "$TINYSNS_BENCH_JAR" tinysns.bench.harness.FreePort 2>/dev/null || echo 25672)"
  trap '"$TINYSNS_HOME/scripts/broker.sh" down --run-dir "$SYNC_TMP" >/dev/null; rm -rf "$SYNC_TMP"' EXIT
  "$TINYSNS_HOME/scripts/broker.sh" up -p "$broker_port" --run-dir "$SYNC_TMP" >&2
  status=0
  "$JAVA" -Xmx1g -Dtinysns.bench.out="$TINYSNS_HOME/target/bench" -cp "$TINYSNS_BENCH_JAR" \
    tinysns.bench.sync.CrossClusterDelivery "amqp://127.0.0.1:$broker_port" $quick || status=$?
  exit "$status"
fi
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
