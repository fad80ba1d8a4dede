# Shared helpers for the benchmark scripts: build Airlock once, time commands.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AIRLOCK="$ROOT/airlock"
WORK="${BENCH_DIR:-/var/tmp/airlock-bench}"
mkdir -p "$WORK"

ensure_built() {
  if ! compgen -G "$ROOT/installer/target/lib/airlock-*.jar" >/dev/null; then
    (cd "$ROOT" && mvn -B -q -DskipTests package)
  fi
}

# seconds NAME CMD...: runs CMD, prints nothing, sets global $SECONDS_TAKEN
time_it() {
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  SECONDS_TAKEN=$(echo "$end - $start" | bc -l)
}

# best of N runs of a command (after a cleanup command), in seconds
best_of() {
  local n=$1 cleanup=$2; shift 2
  local best=""
  for ((i = 0; i < n; i++)); do
    eval "$cleanup"
    time_it "$@"
    if [[ -z $best ]] || (($(echo "$SECONDS_TAKEN < $best" | bc -l))); then best=$SECONDS_TAKEN; fi
  done
  echo "$best"
}

mb() { echo "scale=1; $1 / 1000000" | bc -l; }

# airlock with its stdout discarded (progress and errors still on stderr)
airlock_quiet() { "$AIRLOCK" "$@" >/dev/null; }
