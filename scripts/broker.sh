#!/usr/bin/env bash
# A private RabbitMQ for the synchronizers (docs/SYNCHRONIZERS.md), run as you, no system service or root:
#
#   scripts/broker.sh up [-p <amqpPort>] [--run-dir <dir>]     starts it and waits until it accepts AMQP
#   scripts/broker.sh status | down [--run-dir <dir>]          shows it / stops it by its PID
#
# Default port 5672, files under run/broker/ in the repository (data, logs, Erlang cookie, PID). The synchronizers
# reach it with --broker amqp://localhost:<amqpPort>. Needs Debian's rabbitmq-server package.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RABBITMQ_BIN=/usr/lib/rabbitmq/bin

usage() {
  sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

command="${1:-}"
[ -n "$command" ] && shift
port=5672
run_dir="$TINYSNS_HOME/run"
while [ $# -gt 0 ]; do
  case "$1" in
    -p) port="${2:?-p needs a port}"; shift 2 ;;
    --run-dir) run_dir="${2:?--run-dir needs a folder}"; shift 2 ;;
    --help) usage; exit 0 ;;
    *) echo "broker.sh: unknown flag $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$port" in
  ''|*[!0-9]*) echo "broker.sh: -p must be a port between 1 and 65535, got $port" >&2; usage >&2; exit 2 ;;
esac
[ "$port" -ge 1 ] && [ "$port" -le 65535 ] || { echo "broker.sh: -p must be a port between 1 and 65535, got $port" >&2; exit 2; }

dir="$run_dir/broker"
pid_file="$dir/broker.pid.script"

# The environment both rabbitmq-server and rabbitmqctl need to find this node (measured: docs/SYNCHRONIZERS.md).
broker_env() {
  local amqp_port="$1"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$amqp_port"
  export RABBITMQ_DIST_PORT=$((amqp_port + 20000 > 65535 ? amqp_port - 1000 : amqp_port + 20000))
  export RABBITMQ_CTL_DIST_PORT_MIN=$((RABBITMQ_DIST_PORT + 1))
  export RABBITMQ_CTL_DIST_PORT_MAX=$((RABBITMQ_DIST_PORT + 10))
  export RABBITMQ_NODENAME="tinysns${amqp_port}@localhost"
  export RABBITMQ_MNESIA_BASE="$dir/mnesia"
  export RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  export RABBITMQ_PID_FILE="$dir/broker.pid"
  export HOME="$dir/home"
}

pid_alive() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

up() {
  [ -x "$RABBITMQ_BIN/rabbitmq-server" ] \
    || tinysns_die "RabbitMQ is not installed ($RABBITMQ_BIN/rabbitmq-server is missing): apt-get install rabbitmq-server"
  if pid_alive; then
    echo "a broker is already running from $dir (PID $(cat "$pid_file"), port $(cat "$dir/port")); scripts/broker.sh down stops it"
    return 0
  fi
  tinysns_port_taken "$port" && tinysns_die "port $port is already in use (choose another with -p)"
  mkdir -p "$dir/mnesia" "$dir/log" "$dir/home"
  echo "$port" >"$dir/port"
  broker_env "$port"
  # setsid: the broker outlives this shell; SIGTERM to the recorded PID shuts it down cleanly.
  setsid "$RABBITMQ_BIN/rabbitmq-server" >>"$dir/log/console.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local deadline=$((SECONDS + 90))
  # await_startup answers "unavailable" until the node's distribution port is open: ask again while it runs.
  until "$RABBITMQ_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" await_startup --timeout 90 >>"$dir/log/rabbitmqctl.log" 2>&1; do
    if ! pid_alive || [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 20 "$dir/log/console.log" >&2
      down >/dev/null 2>&1 || true
      tinysns_die "the broker did not start on port $port; its console is in $dir/log/console.log"
    fi
    sleep 0.5
  done
  echo "RabbitMQ is up at amqp://localhost:$port (PID $(cat "$pid_file"), files in $dir)"
}

down() {
  if ! pid_alive; then
    echo "no broker is running from $dir"
    return 0
  fi
  local pid
  pid="$(cat "$pid_file")"
  kill -TERM "$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "the broker (PID $pid) did not stop within 30 s; killing it" >&2
    for child in $(pgrep -P "$pid" || true); do  # its Erlang children, by their parent's PID
      kill -KILL "$child" 2>/dev/null || true
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  echo "broker stopped"
}

status() {
  if pid_alive; then
    echo "RabbitMQ running at amqp://localhost:$(cat "$dir/port") (PID $(cat "$pid_file"), files in $dir)"
  else
    echo "no broker is running from $dir"
    return 1
  fi
}

case "$command" in
  up) up ;;
  down) down ;;
  status) status ;;
  --help|-h) usage ;;
  *) echo "broker.sh: expected up, status or down" >&2; usage >&2; exit 2 ;;
esac
