#!/usr/bin/env bash
# A tinysns follower synchronizer: carries its cluster's changes to the other clusters through RabbitMQ.
#   scripts/synchronizer.sh -h <coordinatorHost> -k <coordinatorPort> -p <port> -i <synchronizerId> [--broker amqp://host:port]
# (see --help; scripts/broker.sh up starts a broker)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
tinysns_run synchronizer "$@"
