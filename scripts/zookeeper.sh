#!/usr/bin/env bash
# A standalone ZooKeeper for running several coordinators on this machine (scripts/coordinator.sh --zookeeper).
#   scripts/zookeeper.sh [-p <port>] [--data-dir <dir>] [--tick <ms>]
# Default port 2181, data in run/zookeeper-<port>/ of the repository, tick 500 ms: sessions of 1 s to 10 s, and a
# session expires at most one tick after its timeout (ZooKeeper checks expiry once a tick).
# It runs ZooKeeper's own server (ZooKeeperServerMain) from the Maven jars the build brings in (ZooKeeper 3.9.5 and
# what its server needs), their classpath asked of Maven once and kept in target/; its admin web server stays off.
# For tests and local use, not production.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

port=2181
data_dir=""
tick=500
while [ $# -gt 0 ]; do
  case "$1" in
    -p|--port) port="${2:?-p needs a port}"; shift 2 ;;
    --data-dir) data_dir="${2:?--data-dir needs a folder}"; shift 2 ;;
    --tick) tick="${2:?--tick needs milliseconds}"; shift 2 ;;
    --help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "zookeeper.sh: unknown flag $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || { echo "zookeeper.sh: invalid port $port: must be between 1 and 65535" >&2; exit 2; }
[[ "$tick" =~ ^[0-9]+$ ]] && [ "$tick" -ge 1 ] || { echo "zookeeper.sh: invalid tick $tick: milliseconds, at least 1" >&2; exit 2; }
tinysns_port_taken "$port" && tinysns_die "port $port is already in use (choose another with -p)"
data_dir="${data_dir:-$TINYSNS_HOME/run/zookeeper-$port}"
mkdir -p "$data_dir"

tinysns_find_java
classpath_file="$TINYSNS_HOME/target/zookeeper.classpath"
if [ ! -s "$classpath_file" ] || [ "$TINYSNS_HOME/pom.xml" -nt "$classpath_file" ]; then
  command -v mvn >/dev/null 2>&1 || tinysns_die "Maven (mvn) is needed once to find ZooKeeper's jars (Debian: apt-get install maven)"
  mkdir -p "$TINYSNS_HOME/target"
  (cd "$TINYSNS_HOME" && mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file" >&2) || tinysns_die "cannot list ZooKeeper's jars; see the Maven output above"
fi
echo "zookeeper.sh: ZooKeeper on port $port, data in $data_dir" >&2
# shellcheck disable=SC2086 # TINYSNS_JAVA_OPTS is a list of JVM flags
exec "$JAVA" ${TINYSNS_JAVA_OPTS:--XX:+UseSerialGC -Xms8m} -Dzookeeper.admin.enableServer=false \
  -Dzookeeper.jmx.log4j.disable=true -cp "$(cat "$classpath_file")" \
  org.apache.zookeeper.server.ZooKeeperServerMain "$port" "$data_dir" "$tick"
