#!/usr/bin/env bash
# Benchmark: the wizard. (1) Time from JVM start to the first window of './airlock gui' (target
# < 2 s). (2) Push throughput with the wizard open and drawing its live progress, against
# 'airlock push' (the CLI) on the same bundle into the same kind of registry (Debian's
# docker-registry, a fresh one per run), in the same run (target: within 5 %). Both sides time
# the push engine's run (PushReport.elapsed), so JVM start and bundle indexing do not count.
#
#   bench/gui.sh                 # 500 MB bundle, 3 runs of each, medians
#   SIZE_MB=1000 RUNS=5 bench/gui.sh
#
# Needs: xvfb-run (xvfb) unless DISPLAY is set, libgtk-3-0, docker-registry, jq, and a built
# Airlock with the app's test classes (mvn -B -q -pl app -am verify -DskipTests builds both).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# The registries keep their storage in memory when /dev/shm can hold it: both sides push into the
# same kind of registry, and without its disk writes (fsync, writeback of the previous run) the
# run-to-run spread falls from about +-10 % to a few percent.
start_registry() { start_docker_registry "$regs/$1"; } # NAME -> host:port
here="$(cd "$(dirname "$0")/.." && pwd)"
airlock="$here/airlock"
SIZE_MB=${SIZE_MB:-500}
RUNS=${RUNS:-3}
IMAGES=${IMAGES:-10}
work="$(mktemp -d /tmp/airlock-gui-bench.XXXXXX)"
regs="$work"
if [[ -w /dev/shm ]] && (($(df --output=avail -k /dev/shm | tail -1) > 4 * SIZE_MB * 1024)); then
  regs="$(mktemp -d /dev/shm/airlock-gui-bench.XXXXXX)"
fi
cleanup() {
  for f in "$regs"/*/pid; do [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true; done
  [[ -z ${KEEP:-} ]] && rm -rf "$work" "$regs"
}
trap cleanup EXIT

for tool in docker-registry jq; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (sudo apt-get install $tool)" >&2; exit 2; }
done
display=()
if [[ -z ${DISPLAY:-} ]]; then
  command -v xvfb-run >/dev/null || { echo "error: no DISPLAY and no xvfb-run (sudo apt-get install xvfb)" >&2; exit 2; }
  display=(xvfb-run -a -s "-screen 0 1366x768x24")
fi
if ! compgen -G "$here/app/target/lib/airlock-app-*.jar" >/dev/null || [[ ! -d $here/app/target/test-classes ]]; then
  echo "Building Airlock and the wizard..." >&2
  (cd "$here" && mvn -B -q -pl app -am verify -DskipTests)
fi


stop_registry() { kill "$(cat "$regs/$1/pid")" 2>/dev/null || true; rm -rf "$regs/$1"; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== Airlock wizard benchmark ($(nproc) cores, work dir $work)"

echo "-- first window (./airlock gui, ${display[*]:-DISPLAY=$DISPLAY})"
for i in $(seq 5); do
  "${display[@]}" env AIRLOCK_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -Dairlock.timing=true" "$airlock" gui 2>/dev/null |
    awk '/first-window-ms/ {print $2}'
done >"$work/first-window"
first=$(median <"$work/first-window")
echo "   runs (ms): $(tr '\n' ' ' <"$work/first-window")"

layer_mb=$(awk -v mb="$SIZE_MB" -v n="$IMAGES" 'BEGIN { printf "%.2f", mb / (n + 3) }')
"$airlock" sample-bundle "$work/bundle" --images "$IMAGES" --layer-mb "$layer_mb" -q >/dev/null
bytes=$("$airlock" inspect --json "$work/bundle" | jq '.bundle.sizeBytes')
echo "-- push: bundle of $IMAGES images, $(awk -v b="$bytes" 'BEGIN{printf "%.0f MB", b/1e6}'), $RUNS runs each, alternating who goes first"
# The wizard's JVM as ./airlock gui starts it: the JDK and AOT cache the build made in app/target/aot
# when a JDK 25 was there (the CLI side gets them from ./airlock). The cache's classpath comes first.
gui_java=java
gui_opts=()
aot="$here/app/target/aot"
if [[ -f $aot/airlock.aot && -f $aot/java-home ]]; then
  gui_java="$(cat "$aot/java-home")/bin/java"
  read -r -a gui_opts <"$aot/java-options"
  gui_opts+=(-XX:AOTCache="$aot/airlock.aot" -Xlog:aot=off -Xlog:cds=off)
fi
echo "   JVM: $("$gui_java" -version 2>&1 | head -1)${gui_opts[*]:+, AOT cache}"
cp="$here/app/target/lib/*:$here/app/target/test-classes"
push_cli() { # RUN
  local reg
  reg=$(start_registry "cli-$1")
  # The push engine's own time ("Pushed ... in X s"), as the wizard reports it: JVM start and
  # bundle indexing are left out on both sides.
  "$airlock" push "$work/bundle" --registry "$reg/mirror" --plain-http --work-dir "$work/cli-work-$1" 2>/dev/null |
    sed -nE 's/^Pushed .* in ([0-9.]+) s:.*/\1/p' >>"$work/cli"
  stop_registry "cli-$1"
}
push_gui() { # RUN
  local reg
  reg=$(start_registry "gui-$1")
  # shellcheck disable=SC2086
  "${display[@]}" "$gui_java" -Xmx256m -XX:+UseSerialGC "${gui_opts[@]}" ${GUI_JAVA_OPTS:-} -cp "$cp" io.airlock.app.wizard.GuiPushBench \
    "$work/bundle" "$reg/mirror" "$work/gui-work-$1" 2>"$work/gui-$1.err" | awk '/gui-push-seconds/ {print $2}' >>"$work/gui"
  stop_registry "gui-$1"
}
# Each side goes first in every other run: the machine's state after one push (page cache, CPU
# frequency, the registry's memory) should not favour either.
for i in $(seq "$RUNS"); do
  if ((i % 2)); then push_cli "$i"; push_gui "$i"; else push_gui "$i"; push_cli "$i"; fi
done
cli=$(median <"$work/cli")
gui=$(median <"$work/gui")
[[ -n $gui ]] || { echo "error: the wizard's push failed:" >&2; cat "$work"/gui-*.err >&2; exit 1; }
mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }

echo
printf '%-44s %10s\n' "first window, median of 5" "${first} ms   (target < 2000 ms)"
printf '%-44s %8s s %8s MB/s   runs: %s\n' "airlock push (CLI), median" "$cli" "$(mbps "$cli")" "$(tr '\n' ' ' <"$work/cli")"
printf '%-44s %8s s %8s MB/s   runs: %s\n' "wizard open, Install page, median" "$gui" "$(mbps "$gui")" "$(tr '\n' ' ' <"$work/gui")"
ratio=$(awk -v c="$cli" -v g="$gui" 'BEGIN { printf "%.3f", c / g }')
echo "ratio (wizard throughput / CLI throughput): ${ratio}   (target >= 0.95)"
