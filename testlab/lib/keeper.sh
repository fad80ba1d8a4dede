#!/usr/bin/env bash
# The keeper of one running lab (started by `lab up`, in its own session):
#   - for a lab with a node, takes the machine's node lock and holds it while the node runs;
#   - with an owner (the test JVM), takes the lab down when the owner ends, even by kill -9.
# Usage: keeper.sh LAB_SCRIPT STATE OWNER_PID|- NODE(0|1) LOCK WAIT_SECONDS
set -uo pipefail
lab=$1 state=$2 owner=$3 node=$4 lock=$5 wait=$6
status=$state/keeper.status

if ((node)); then
  echo waiting >"$status"
  exec 9>>"$lock"
  if ! flock -w "$wait" 9; then
    echo "timeout: the node lock $lock was held for $wait s by another run's node" >"$status"
    exit 1
  fi
fi
echo locked >"$status"
if [[ $owner == - ]]; then
  while true; do sleep 3600 9>&-; done
fi
while kill -0 "$owner" 2>/dev/null; do sleep 1 9>&-; done
echo "[testlab] the lab's owner (pid $owner) ended: taking the lab in $state down"
exec "$lab" down --state "$state" --keeper
