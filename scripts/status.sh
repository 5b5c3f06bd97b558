#!/usr/bin/env bash
# Prints the coordinator's registration table.
#   scripts/status.sh -h <coordinatorHost> -k <coordinatorPort>   (see --help)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
TINYSNS_JAVA_OPTS="${TINYSNS_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
tinysns_run status "$@"
