#!/usr/bin/env bash
# Soak test on this machine (loopback only): one coordinator and three servers, started here and stopped after,
# under 10,000 simulated servers heartbeating every 5 s and 200 clients posting and reading.
#
#   scripts/soak.sh [seconds]        (default 60; at most 3600)
#
# Prints heartbeats/s, post latency (p50, p99, max), false deaths and errors (both must be 0), and the heap used by
# each role (after a full GC) before and after the load. Exits 0 when there were no false deaths and no errors.
# Set SOAK_KEEP=1 to keep the run folder (logs, data) for reading afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

seconds="${1:-60}"
case "$seconds" in
  --help|-h) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ] || [ "$seconds" -gt 3600 ]; then
  echo "soak.sh: the duration must be a whole number of seconds, 1 to 3600, got '$seconds'" >&2
  exit 2
fi

tinysns_find_java
tinysns_ensure_bench_jar # the driver lives beside the benchmarks, in bench/
tinysns_ensure_jar
JCMD="$(dirname "$JAVA")/jcmd"
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/tinysns-soak.XXXXXX")"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "${SOAK_KEEP:-0}" = 1 ]; then
    echo "run folder kept: $run_dir"
  else
    rm -rf "$run_dir"
  fi
}
trap cleanup EXIT

free_port() {
  local port
  while :; do
    port=$((30000 + RANDOM % 20000))
    tinysns_port_taken "$port" || { echo "$port"; return; }
  done
}

start_role() { # start_role <name> <role> [args...]: a JVM in the background, logging to <name>.log
  local name="$1"
  shift
  "$JAVA" ${TINYSNS_JAVA_OPTS:-} -jar "$TINYSNS_JAR" "$@" >"$run_dir/$name.log" 2>&1 </dev/null &
  pids+=("$!")
  eval "pid_$name=$!"
}

await_line() { # await_line <name> <text>: waits up to 60 s for <text> in <name>.log
  local i
  for i in $(seq 1 600); do
    grep -q "$2" "$run_dir/$1.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "soak.sh: $1 did not say '$2' in time; its log:" >&2
  cat "$run_dir/$1.log" >&2
  exit 1
}

heap_used() { # heap_used <pid>: the heap in use after a full GC, in MiB
  "$JCMD" "$1" GC.run >/dev/null
  "$JCMD" "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); printf "%.1f", v / 1024; exit } }'
}

coordinator_port="$(free_port)"
http_port="$(free_port)"
start_role coordinator coordinator -p "$coordinator_port" --bind 127.0.0.1 --http-port "$http_port" --http-bind 127.0.0.1
await_line coordinator "listening on"
for c in 1 2 3; do
  port="$(free_port)"
  start_role "server$c" tsd -c "$c" -s 1 -h 127.0.0.1 -k "$coordinator_port" -p "$port" --bind 127.0.0.1 \
    --hostname 127.0.0.1 --data-dir "$run_dir/server_${c}_1"
done
for c in 1 2 3; do
  await_line "server$c" "registered with coordinator"
done

roles=(coordinator server1 server2 server3)
declare -A heap_before
for role in "${roles[@]}"; do
  pid_var="pid_$role"
  heap_before[$role]="$(heap_used "${!pid_var}")"
done

status=0
"$JAVA" -cp "$TINYSNS_BENCH_JAR" tinysns.bench.soak.Soak --coordinator-port "$coordinator_port" \
  --metrics "http://127.0.0.1:$http_port/metrics" --seconds "$seconds" || status=$?

echo "heap used after a full GC (MiB), before -> after the load:"
for role in "${roles[@]}"; do
  pid_var="pid_$role"
  printf '  %-12s %8s -> %s\n' "$role" "${heap_before[$role]}" "$(heap_used "${!pid_var}")"
done
# (Deaths logged now are the simulated servers', which stopped beating with the driver: not false deaths.)
logged_errors="$(cat "$run_dir"/*.log | grep -c ' ERROR ' || true)"
echo "errors logged by the roles: $logged_errors"
exit "$status"
