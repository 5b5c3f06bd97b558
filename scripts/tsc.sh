#!/usr/bin/env bash
# The tinysns client: asks the coordinator for its server, logs in, and runs the command loop.
#   scripts/tsc.sh -h <coordinatorHost> -k <coordinatorPort> -u <userId>   (see --help)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# A short-lived interactive JVM: start fast rather than optimise hard.
TINYSNS_JAVA_OPTS="${TINYSNS_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
tinysns_run tsc "$@"
