# Starting and stopping the lab's processes by pid files (sourced by testlab/lab).

# spawn PIDS LOG NAME COMMAND...: COMMAND in its own session (a Ctrl-C on the test run's terminal
# does not reach it: down stops it), without the lock descriptors 8 and 9.
spawn() {
  local pids=$1 logs=$2 name=$3
  shift 3
  mkdir -p "$pids" "$logs"
  setsid "$@" >>"$logs/$name.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$pids/$name.pid"
}

# runs PID: the process exists and has not ended (an ended one stays a zombie until init, slow
# on some machines, reaps it).
runs() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# alive PIDS NAME: the process of the pid file runs and is still the program it was started as.
alive() {
  local pid
  pid=$(cat "$1/$2.pid" 2>/dev/null) || return 1
  [[ -n $pid ]] && runs "$pid" && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q -- "$2"
}

# halt PIDS NAME...: TERM to each, KILL to what still runs a second later; forgets the pid files.
# Nothing of a lab outlives its down (data, rules, mounts go too), so none needs longer to end.
halt() {
  local dir=$1 name pid i left=()
  shift
  for name in "$@"; do
    if alive "$dir" "$name"; then
      pid=$(<"$dir/$name.pid")
      kill -TERM "$pid" 2>/dev/null && left+=("$pid")
    fi
    rm -f "$dir/$name.pid"
  done
  for ((i = 0; i < 10 && ${#left[@]}; i++)); do
    sleep 0.1
    for pid in "${!left[@]}"; do runs "${left[$pid]}" || unset "left[$pid]"; done
  done
  if ((${#left[@]})); then kill -KILL "${left[@]}" 2>/dev/null; fi
  for ((i = 0; i < 20 && ${#left[@]}; i++)); do
    sleep 0.1
    for pid in "${!left[@]}"; do runs "${left[$pid]}" || unset "left[$pid]"; done
  done
  return 0
}

# ready PIDS LOGS NAME SECONDS COMMAND...: waits for COMMAND to succeed; fails with the log's tail
# when the process ends or SECONDS pass.
ready() {
  local pids=$1 logs=$2 name=$3 limit=$4 end
  shift 4
  end=$((SECONDS + limit))
  until timeout 5 "$@" >/dev/null 2>&1; do
    # runs, not alive: on a busy machine the spawned process may not have reached its exec yet
    # (its command line still the lab's own), and that is no reason to call it ended.
    if ! runs "$(cat "$pids/$name.pid" 2>/dev/null)"; then
      tail -20 "$logs/$name.log" >&2
      die "$name ended at start; its log: $logs/$name.log"
    fi
    ((SECONDS < end)) || die "$name not ready after $limit s; its log: $logs/$name.log"
    sleep 0.2
  done
}
