#!/usr/bin/env bash
# The keeper of one running lab (started by `lab up`, in its own session):
#   - for a lab with a node, takes the machine's node lock and holds it while the node runs;
#   - with an owner (the test JVM), takes the lab down when the owner ends, even by kill -9.
# Usage: keeper.sh LAB_SCRIPT STATE OWNER_PID|- NODE(0|1) LOCK WAIT_SECONDS
set -uo pipefail
lab=$1 state=$2 owner=$3 node=$4 lock=$5 wait=$6
status=$state/keeper.status

owner_ended() { [[ $owner != - ]] && ! kill -0 "$owner" 2>/dev/null; }

if ((node)); then
  echo waiting >"$status"
  exec 9>>"$lock"
  end=$((SECONDS + wait))
  # In short tries, so that a run that ends while it waits stops waiting too.
  until flock -w 2 9; do
    if owner_ended; then
      echo "[testlab] the lab's owner (pid $owner) ended while its node waited for $lock"
      exit 0
    fi
    if ((SECONDS >= end)); then
      echo "timeout: the node lock $lock was held for $wait s by another run's node" >"$status"
      exit 1
    fi
  done
fi
echo locked >"$status"
if [[ $owner == - ]]; then
  while true; do sleep 3600 9>&-; done
fi
until owner_ended; do sleep 1 9>&-; done
echo "[testlab] the lab's owner (pid $owner) ended: taking the lab in $state down"
exec "$lab" down --state "$state" --keeper
