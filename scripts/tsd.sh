#!/usr/bin/env bash
# A tinysns server: serves the SNS to its clients and heartbeats to the coordinator.
#   scripts/tsd.sh -c <clusterId> -s <serverId> -h <coordinatorHost> -k <coordinatorPort> -p <port>   (see --help)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
tinysns_run tsd "$@"
