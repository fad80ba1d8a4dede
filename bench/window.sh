#!/usr/bin/env bash
# Benchmark: how soon a person sees something after starting the wizard: from the launch until
# the splash is on the screen (as the X server maps it, polled with xwininfo every few
# milliseconds), and until the wizard's own first window (first-window-ms, the wizard's runLater
# after its window is shown; from the launch, the launcher script and the JVM's start included).
# Issue 22's target: a first window in under 1 s.
#
#   bench/window.sh                                   # ./airlock gui, 7 runs
#   LAUNCHER=packaging/target/jpackage/image/airlock/bin/airlock-wizard RUNS=9 bench/window.sh
#
# The polling stops once the splash is seen: a poll every few milliseconds on 2 cores would slow
# the JVM it watches. Needs xvfb-run (xvfb) unless DISPLAY is set, xwininfo (x11-utils) and a
# built Airlock.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-7}
# shellcheck disable=SC2206 # LAUNCHER is a command line of words
launcher=(${LAUNCHER:-$AIRLOCK gui})
command -v xwininfo >/dev/null || { echo "error: xwininfo is missing (sudo apt-get install x11-utils)" >&2; exit 2; }
if [[ -z ${DISPLAY:-} ]]; then
  command -v xvfb-run >/dev/null || { echo "error: no DISPLAY and no xvfb-run (sudo apt-get install xvfb)" >&2; exit 2; }
  exec xvfb-run -a -s "-screen 0 1366x768x24" env RUNS="$RUNS" LAUNCHER="${launcher[*]}" "$0" "$@"
fi

ms_since() { echo $(((${EPOCHREALTIME/./} - $1) / 1000)); }
# one_run watch|quiet: prints "SPLASH_MS WINDOW_MS" (- when not seen or not watched). Watching
# forks xwininfo every few milliseconds beside the starting JVM, which delays the wizard's window
# by about 0.1 s on 2 cores: the window is timed in runs that do not watch.
one_run() {
  local t0 splash=- out
  out=$(mktemp)
  t0=${EPOCHREALTIME/./}
  JAVA_TOOL_OPTIONS=-Dairlock.timing=$((t0 / 1000)) "${launcher[@]}" >"$out" 2>/dev/null &
  local pid=$!
  while [[ $1 == watch ]] && kill -0 "$pid" 2>/dev/null && (($(ms_since "$t0") < 5000)); do
    if [[ $(xwininfo -root -children 2>/dev/null) == *" 480x200+"* ]]; then
      splash=$(ms_since "$t0")
      break
    fi
    sleep 0.003
  done
  wait "$pid" 2>/dev/null || true
  echo "$splash $(awk '/first-window-ms/ {print $2}' "$out" | grep . || echo -)"
  rm -f "$out"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== wizard start ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${launcher[*]})"
one_run quiet >/dev/null # a warm page cache for all the measured runs
watched=() quiet=()
for _ in $(seq "$RUNS"); do
  watched+=("$(one_run watch | cut -d' ' -f1)")
  quiet+=("$(one_run quiet | cut -d' ' -f2)")
done
echo "splash on screen (ms from the launch): ${watched[*]}"
echo "wizard window (ms from the launch): ${quiet[*]}"
echo "medians: splash $(printf '%s\n' "${watched[@]}" | median) ms, wizard window $(printf '%s\n' "${quiet[@]}" | median) ms   (target: a first window < 1000 ms)"
