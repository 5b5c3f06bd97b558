#!/usr/bin/env bash
# A whole tinysns on this machine: one coordinator and one server per cluster, in the background.
#
#   scripts/local-cluster.sh up [-k <coordinatorPort>] [-p <firstServerPort>] [--replicas <n>] [--run-dir <dir>]
#                               [--synchronizers [--broker-port <port>]] [--coordinators <n> [--zookeeper-port <port>]]
#   scripts/local-cluster.sh status | down
#
# --synchronizers also starts a private RabbitMQ (scripts/broker.sh, default port 5672) and one synchronizer beside
# every server (docs/SYNCHRONIZERS.md), on the ports after the servers' (synchronizer i on the i-th of them): one
# network across the three clusters.
# --coordinators 3 starts a ZooKeeper (scripts/zookeeper.sh, default port 2181) and three coordinators on
# consecutive ports from -k, one leading (docs/CONTRACT.md section 10); servers, status and the clients it prints
# are given all three (--coordinators).
# --replicas 2 starts a master and a slave per cluster (docs/CONTRACT.md section 8): server s of cluster c listens
# on firstServerPort + 3 * (s - 1) + (c - 1). Logs, data folders (server_<c>_<s>/) and PID files live in one run
# folder (default: run/ in the repository). `up` waits until every server is ALIVE; `down` stops all it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

command="${1:-}"
[ -n "$command" ] && shift
coordinator_port=9090
first_server_port=10001
run_dir="$TINYSNS_HOME/run"
replicas=1
synchronizers=false
broker_port=5672
coordinator_count=1
zookeeper_port=2181
while [ $# -gt 0 ]; do
  case "$1" in
    --coordinators) coordinator_count="${2:?--coordinators needs a number}"; shift 2 ;;
    --zookeeper-port) zookeeper_port="${2:?--zookeeper-port needs a port}"; shift 2 ;;
    -k) coordinator_port="${2:?-k needs a port}"; shift 2 ;;
    -p) first_server_port="${2:?-p needs a port}"; shift 2 ;;
    --run-dir) run_dir="${2:?--run-dir needs a folder}"; shift 2 ;;
    --replicas) replicas="${2:?--replicas needs a number}"; shift 2 ;;
    --synchronizers) synchronizers=true; shift ;;
    --broker-port) broker_port="${2:?--broker-port needs a port}"; shift 2 ;;
    --help) usage; exit 0 ;;
    *) echo "local-cluster.sh: unknown flag $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$replicas" in
  [1-5]) ;;
  *) echo "local-cluster.sh: --replicas must be 1 to 5 servers per cluster, got $replicas" >&2; usage >&2; exit 2 ;;
esac
[[ "$coordinator_count" =~ ^[1-9]$ ]] || { echo "local-cluster.sh: --coordinators takes 1 to 9, got $coordinator_count" >&2; usage >&2; exit 2; }
servers=$((3 * replicas))
last_server_port=$((first_server_port + servers - 1))
first_sync_port=$((last_server_port + 1))

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# coordinator.port holds one port, or with several coordinators their list (localhost:p1,localhost:p2,...).
coordinator_flags() {
  local saved
  saved="$(cat "$run_dir/coordinator.port")"
  case "$saved" in
    *,*) echo "--coordinators $saved" ;;
    *) echo "-h localhost -k $saved" ;;
  esac
}

cluster_status() {
  # shellcheck disable=SC2046 # the flags are words
  "$TINYSNS_HOME/scripts/status.sh" $(coordinator_flags)
}

start_zookeeper() {
  tinysns_port_taken "$zookeeper_port" && tinysns_die "port $zookeeper_port is already in use (choose another with --zookeeper-port)"
  start_role zookeeper zookeeper.sh -p "$zookeeper_port" --data-dir "$run_dir/zookeeper"
  local deadline=$((SECONDS + 60))
  until tinysns_port_taken "$zookeeper_port"; do
    pid_alive "$run_dir/pids/zookeeper.pid" || { echo "local-cluster.sh: ZooKeeper exited; its log:" >&2; tail -n 5 "$run_dir/zookeeper.log" >&2; exit 1; }
    [ $SECONDS -ge $deadline ] && { echo "local-cluster.sh: ZooKeeper did not start within 60 s" >&2; down; exit 1; }
    sleep 0.3
  done
}

start_coordinators() {
  if [ "$coordinator_count" -eq 1 ]; then
    echo "$coordinator_port" >"$run_dir/coordinator.port"
    start_role coordinator coordinator.sh -p "$coordinator_port"
    return
  fi
  start_zookeeper
  local list="" i
  for i in $(seq 1 "$coordinator_count"); do
    list="${list:+$list,}localhost:$((coordinator_port + i - 1))"
  done
  echo "$list" >"$run_dir/coordinator.port"
  for i in $(seq 1 "$coordinator_count"); do
    # The first keeps the dashboard's default port; the others would only find it taken.
    start_role "coordinator-$i" coordinator.sh -p $((coordinator_port + i - 1)) --zookeeper "localhost:$zookeeper_port" \
      $([ "$i" -gt 1 ] && echo "--http-port off")
  done
  echo "started ZooKeeper on port $zookeeper_port and $coordinator_count coordinators on ports $coordinator_port-$((coordinator_port + coordinator_count - 1))"
}

start_role() { # start_role <name> <script> [args...]: in the background, detached, logging to <name>.log
  local name="$1" script="$2"
  shift 2
  # The subshell execs setsid, which execs the script, which execs java: the PID recorded is the JVM's.
  (cd "$run_dir" && exec setsid "$TINYSNS_HOME/scripts/$script" "$@" >"$run_dir/$name.log" 2>&1 </dev/null) &
  echo $! >"$run_dir/pids/$name.pid"
}

up() {
  if pid_alive "$run_dir/pids/coordinator.pid" || pid_alive "$run_dir/pids/coordinator-1.pid"; then
    echo "a local cluster is already running from $run_dir (scripts/local-cluster.sh down stops it)"
    cluster_status
    return 0
  fi
  local ports=($(seq "$coordinator_port" $((coordinator_port + coordinator_count - 1))) \
      $(seq "$first_server_port" "$last_server_port"))
  if $synchronizers; then
    ports+=("$broker_port" $(seq "$first_sync_port" $((first_sync_port + servers - 1))))
  fi
  for port in "${ports[@]}"; do
    tinysns_port_taken "$port" && tinysns_die "port $port is already in use (choose others with -k and -p)"
  done
  tinysns_find_java
  tinysns_ensure_jar
  mkdir -p "$run_dir/pids"
  start_coordinators
  # Masters first: the first-registered live server of a cluster is its master.
  for server in $(seq 1 "$replicas"); do
    for cluster in 1 2 3; do
      # shellcheck disable=SC2046 # the flags are words
      start_role "tsd-$cluster-$server" tsd.sh -c "$cluster" -s "$server" $(coordinator_flags) \
        -p $((first_server_port + 3 * (server - 1) + cluster - 1))
    done
    if [ "$server" -eq 1 ] && [ "$replicas" -gt 1 ]; then wait_alive 3; fi
  done
  echo "starting a coordinator on port $coordinator_port and servers on ports $first_server_port-$last_server_port ..."
  wait_alive "$servers"
  if $synchronizers; then
    "$TINYSNS_HOME/scripts/broker.sh" up -p "$broker_port" --run-dir "$run_dir" || { down; exit 1; }
    for server in $(seq 1 "$replicas"); do
      for cluster in 1 2 3; do
        local id=$((3 * (server - 1) + cluster))
        # shellcheck disable=SC2046 # the flags are words
        start_role "sync-$id" synchronizer.sh $(coordinator_flags) -p $((first_sync_port + id - 1)) \
          -i "$id" --broker "amqp://localhost:$broker_port"
      done
    done
    echo "starting $servers synchronizers on ports $first_sync_port-$((first_sync_port + servers - 1)) ..."
    wait_alive "$servers" SYNCHRONIZER
  fi
  cluster_status
  echo
  echo "tinysns is up. Logs and data: $run_dir"
  local dashboard
  dashboard="$(cat "$run_dir"/coordinator*.log | grep -o 'dashboard on http://[^ ]*' | head -n 1 | cut -d' ' -f3 || true)"
  [ -n "$dashboard" ] && echo "  dashboard: $dashboard  (Prometheus metrics at ${dashboard}metrics)"
  echo "  a client:  scripts/tsc.sh $(coordinator_flags | sed 's/-h localhost //') -u 1"
  echo "  watch:     scripts/status.sh $(coordinator_flags | sed 's/-h localhost //') --watch"
  echo "  stop all:  scripts/local-cluster.sh down$([ "$run_dir" = "$TINYSNS_HOME/run" ] || echo " --run-dir $run_dir")"
}

wait_alive() { # wait_alive <n> [type]: until n servers (or n of that type) are ALIVE at the coordinator, or fail after 60 s
  local deadline=$((SECONDS + 60))
  until [ "$(cluster_status 2>/dev/null | grep -cE " ${2:-SERVER} +ALIVE")" -ge "$1" ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "local-cluster.sh: the servers did not all come up within 60 s; logs are in $run_dir" >&2
      tail -n 5 "$run_dir"/*.log >&2
      down
      exit 1
    fi
    for pid_file in "$run_dir"/pids/*.pid; do
      pid_alive "$pid_file" || { echo "local-cluster.sh: $(basename "$pid_file" .pid) exited; its log:" >&2;
        tail -n 5 "$run_dir/$(basename "$pid_file" .pid).log" >&2; down; exit 1; }
    done
    sleep 0.3
  done
}

down() {
  local any=0
  for pid_file in "$run_dir"/pids/*.pid; do
    [ -f "$pid_file" ] || continue
    if pid_alive "$pid_file"; then
      kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
      any=1
    fi
  done
  local deadline=$((SECONDS + 15))
  for pid_file in "$run_dir"/pids/*.pid; do
    [ -f "$pid_file" ] || continue
    while pid_alive "$pid_file" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    pid_alive "$pid_file" && kill -KILL "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
  done
  if [ -d "$run_dir/broker" ]; then
    "$TINYSNS_HOME/scripts/broker.sh" down --run-dir "$run_dir" >/dev/null
  fi
  [ $any -eq 1 ] && echo "stopped the local cluster (logs and data kept in $run_dir)" || echo "no local cluster was running"
}

case "$command" in
  up) up ;;
  down) down ;;
  status)
    [ -f "$run_dir/coordinator.port" ] || tinysns_die "no local cluster has been started from $run_dir"
    cluster_status ;;
  --help|help) usage ;;
  *) echo "local-cluster.sh: say up, status or down" >&2; usage >&2; exit 2 ;;
esac
