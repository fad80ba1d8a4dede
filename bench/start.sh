#!/usr/bin/env bash
# Benchmark: how fast the command line starts. `./airlock --version` and `--help` (target < 0.15 s)
# against a bare `java -version` of the same JDK (the floor any Java tool starts from), and with
# PACKAGED the installed package's `airlock --version` (target < 0.3 s) against its own runtime's
# `java -version`. Medians of RUNS runs taken in turn; the page cache is warm (a first run of each
# is thrown away). Prints the machine's load: on a shared machine the CPU times say more.
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
# sample NAME CMD...: one more run of CMD, its wall and CPU (user + system) milliseconds appended to
# $scratch/NAME, output discarded. The CPU time says more on a machine that others are using.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
sample() {
  local TIMEFORMAT='%R %U %S' name=$1
  shift
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{print $1 * 1000, ($2 + $3) * 1000}' >>"$scratch/$name"
}
# ms NAME: "WALL CPU", the medians of NAME's runs.
ms() {
  echo "$(cut -d' ' -f1 "$scratch/$1" | median) $(cut -d' ' -f2 "$scratch/$1" | median)"
}
row() { # WHAT "WALL CPU" [TARGET]
  read -r wall cpu <<<"$2"
  printf '%-40s %6s ms wall %6s ms CPU %s\n' "$1" "$wall" "$cpu" "${3:-}"
}

java_bin=java
[[ -n ${JAVA_HOME:-} ]] && java_bin="$JAVA_HOME/bin/java"
echo "== Airlock start benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), median of $RUNS)"
# A first run of each: it must work, and it warms the page cache.
"$java_bin" -version >/dev/null 2>&1 && "$AIRLOCK" --version >/dev/null && "$AIRLOCK" --help >/dev/null
# Round robin, so that what the machine's other users do weighs on each command alike.
for _ in $(seq "$RUNS"); do
  sample floor "$java_bin" -version
  sample version "$AIRLOCK" --version
  sample help "$AIRLOCK" --help
done
floor=$(ms floor) version=$(ms version) help=$(ms help)
row "java -version ($("$java_bin" -version 2>&1 | head -1 | cut -d'"' -f2))" "$floor"
row "./airlock --version" "$version" "(target < 150 ms)"
row "./airlock --help" "$help" "(target < 150 ms)"
if [[ -n ${PACKAGED:-} ]]; then
  runtime="$(dirname "$(readlink -f "$PACKAGED")")/../lib/runtime/bin/java"
  "$runtime" -version >/dev/null 2>&1 && "$PACKAGED" --version >/dev/null
  for _ in $(seq "$RUNS"); do
    sample packaged_floor "$runtime" -version
    sample packaged "$PACKAGED" --version
  done
  packaged_floor=$(ms packaged_floor) packaged=$(ms packaged)
  row "packaged runtime's java -version" "$packaged_floor"
  row "packaged airlock --version" "$packaged" "(target < 300 ms)"
fi
# over WHAT "WALL CPU": WHAT's times over java -version's
over() { awk -v a="$2" -v f="$floor" 'BEGIN { split(a, x, " "); split(f, y, " "); printf "%.2fx wall, %.2fx CPU", x[1] / y[1], x[2] / y[2] }'; }
echo "./airlock --version / java -version: $(over --version "$version")"
echo "./airlock --help / java -version:    $(over --help "$help")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
