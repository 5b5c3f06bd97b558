#!/usr/bin/env bash
# Takeover of the coordinators led through ZooKeeper: kill -9 of the leader to the first assignment served by the
# new one, p50/max over repeated runs (docs/LEADERSHIP.md; figures in bench/RESULTS.md).
#   bench/takeover.sh [runs (default 10)] [first port (default 27040; uses 10 ports)] [session timeout s (default 4)]
# Starts ZooKeeper, three coordinators and one server on 127.0.0.1 through the project's scripts; stops them at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
tinysns_find_java
tinysns_ensure_jar
exec "$JAVA" -cp "$TINYSNS_JAR" "$TINYSNS_HOME/bench/takeover/Takeover.java" "$TINYSNS_HOME" "${1:-10}" "${2:-27040}" "${3:-4}"
