#!/usr/bin/env bash
# Benchmark: how fast the command line starts. `./airlock --version` and `--help` (target < 0.15 s)
# against a bare `java -version` of the same JDK (the floor any Java tool starts from), and with
# PACKAGED the installed package's `airlock --version` (target < 0.3 s) against its own runtime's
# `java -version`. Medians of RUNS runs; the page cache is warm (the first run is thrown away).
#
#   bench/start.sh
#   RUNS=9 PACKAGED=/opt/airlock/bin/airlock bench/start.sh
#
# Needs: a built Airlock (built here if missing).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
ensure_built

median() { sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]}'; }
# ms CMD...: "WALL CPU", the median wall and CPU (user + system) times of RUNS runs of CMD in
# milliseconds, output discarded. The CPU time says more on a machine that others are using.
ms() {
  local TIMEFORMAT='%R %U %S' runs
  "$@" >/dev/null 2>&1 || { echo "error: $* failed" >&2; return 1; }
  runs=$(for _ in $(seq "$RUNS"); do { time "$@" >/dev/null 2>&1; } 2>&1; done)
  echo "$(awk '{print $1 * 1000}' <<<"$runs" | median) $(awk '{print ($2 + $3) * 1000}' <<<"$runs" | median)"
}
row() { # WHAT "WALL CPU" [TARGET]
  read -r wall cpu <<<"$2"
  printf '%-40s %6s ms wall %6s ms CPU %s\n' "$1" "$wall" "$cpu" "${3:-}"
}

java_bin=java
[[ -n ${JAVA_HOME:-} ]] && java_bin="$JAVA_HOME/bin/java"
echo "== Airlock start benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), median of $RUNS)"
floor=$(ms "$java_bin" -version)
version=$(ms "$AIRLOCK" --version)
help=$(ms "$AIRLOCK" --help)
row "java -version ($("$java_bin" -version 2>&1 | head -1 | cut -d'"' -f2))" "$floor"
row "./airlock --version" "$version" "(target < 150 ms)"
row "./airlock --help" "$help" "(target < 150 ms)"
if [[ -n ${PACKAGED:-} ]]; then
  runtime="$(dirname "$(readlink -f "$PACKAGED")")/../lib/runtime/bin/java"
  packaged_floor=$(ms "$runtime" -version)
  packaged=$(ms "$PACKAGED" --version)
  row "packaged runtime's java -version" "$packaged_floor"
  row "packaged airlock --version" "$packaged" "(target < 300 ms)"
fi
echo "./airlock --version / java -version (wall): $(echo "scale=2; ${version%% *} / ${floor%% *}" | bc -l)x"
