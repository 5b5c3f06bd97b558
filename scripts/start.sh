#!/usr/bin/env bash
# The one command to try tinysns: starts the local cluster (building what is missing) unless it is already up,
# then opens a client. `scripts/start.sh [userId]` (default user 1). Stop everything with scripts/local-cluster.sh down.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
case "${1:-}" in --help) sed -n '2,3p' "${BASH_SOURCE[0]}" | sed 's/^# //'; exit 0 ;; esac
"$here/local-cluster.sh" up
exec "$here/tsc.sh" -u "${1:-1}"
