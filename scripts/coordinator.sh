#!/usr/bin/env bash
# The coordinator: keeps the registration table of servers and tells each client its server.
#   scripts/coordinator.sh -p <port>        (see --help)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
TINYSNS_JAVA_OPTS="${TINYSNS_JAVA_OPTS:-$TINYSNS_COORDINATOR_JAVA_OPTS}"
tinysns_run coordinator "$@"
