#!/usr/bin/env bash
# Benchmark: the wizard. (1) Time from JVM start to the first window of './airlock gui' (target
# < 2 s). (2) Push throughput with the wizard open and drawing its live progress, against
# 'airlock push' (the CLI) on the same bundle into the same kind of registry (Debian's
# docker-registry, a fresh one per run), in the same run (target: within 5 %). Both sides time
# the push engine's run (PushReport.elapsed), so JVM start and bundle indexing do not count.
#
#   bench/gui.sh                 # 2 GB bundle, 5 runs of each, medians
#   SIZE_MB=500 RUNS=9 bench/gui.sh
#
# 2 GB by default: a field bundle is several GB, and at that size both sides push at full speed.
# With 500 MB a push lasts 2 s, of which the cold JVM's first second of JIT warm-up is a large part
# (the wizard's JVM has its window's code to compile too): 0.91-0.94 on 2026-11-24, see README.
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
SIZE_MB=${SIZE_MB:-2000}
RUNS=${RUNS:-5}
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
# A signed .tar, as a vendor ships it: the walked wizard opens and verifies it like a person would.
"$airlock" sample-bundle "$work/bundle.tar" --images "$IMAGES" --layer-mb "$layer_mb" -q >/dev/null
echo bench | "$airlock" keygen --password-stdin --output-key-prefix "$work/vendor" >/dev/null
echo bench | "$airlock" sign --password-stdin --key "$work/vendor.key" "$work/bundle.tar" >/dev/null
bytes=$("$airlock" inspect --json "$work/bundle.tar" | jq '.bundle.sizeBytes')
echo "-- push: bundle of $IMAGES images, $(awk -v b="$bytes" 'BEGIN{printf "%.0f MB", b/1e6}'), $RUNS runs each, alternating who goes first"
# The wizard's JVM as ./airlock gui starts it: the JDK and AOT cache the build made in app/target/aot
# when a JDK 25 was there (the CLI side gets them from ./airlock); AIRLOCK_AOT=0 leaves both on the
# default java. The cache's classpath comes first.
gui_java=java
gui_opts=()
aot="$here/app/target/aot"
if [[ ${AIRLOCK_AOT:-1} != 0 && -f $aot/airlock.aot && -f $aot/java-home ]]; then
  gui_java="$(cat "$aot/java-home")/bin/java"
  read -r -a gui_opts <"$aot/java-options"
  gui_opts+=(-XX:AOTCache="$aot/airlock.aot" -Xlog:aot=off -Xlog:cds=off -XX:CompileThresholdScaling=4)
fi
echo "   JVM: $("$gui_java" -version 2>&1 | head -1)${gui_opts[*]:+, AOT cache}"
cp="$here/app/target/lib/*:$here/app/target/test-classes"
push_cli() { # RUN
  local reg
  reg=$(start_registry "cli-$1")
  # The push engine's own time ("Pushed ... in X s"), as the wizard reports it: JVM start and
  # bundle indexing are left out on both sides.
  "$airlock" push "$work/bundle.tar" --registry "$reg/mirror" --plain-http --work-dir "$work/cli-work-$1" 2>/dev/null |
    sed -nE 's/^Pushed .* in ([0-9.]+) s:.*/\1/p' >>"$work/cli"
  rm -rf "$work/cli-work-$1"
  stop_registry "cli-$1"
}
# The wizard two ways: "gui", the Install page shown at once over a bundle opened behind it (a push
# in a JVM that has done nothing else: the strictest case), and "walk", the window walked as a
# person walks it (open, verify, no cluster, the registry's address, Install), which warms the JVM
# as real use does.
push_gui() { # RUN gui|walk
  local reg
  reg=$(start_registry "$2-$1")
  # shellcheck disable=SC2086
  "${display[@]}" "$gui_java" -Xmx256m -XX:+UseSerialGC "${gui_opts[@]}" ${GUI_JAVA_OPTS:-} -Dbench.walk="$([[ $2 == walk ]] && echo true || echo false)" \
    -cp "$cp" io.airlock.app.wizard.GuiPushBench "$work/bundle.tar" "$reg/mirror" "$work/$2-work-$1" "$work/vendor.pub" \
    2>"$work/$2-$1.err" | awk '/gui-push-seconds/ {print $2}' >>"$work/$2"
  rm -rf "$work/$2-work-$1"
  stop_registry "$2-$1"
}
# Who goes first turns each run: the machine's state after one push (page cache, CPU frequency, the
# registry's memory) should not favour any.
for i in $(seq "$RUNS"); do
  case $((i % 3)) in
    1) push_cli "$i"; push_gui "$i" gui; push_gui "$i" walk ;;
    2) push_gui "$i" gui; push_gui "$i" walk; push_cli "$i" ;;
    0) push_gui "$i" walk; push_cli "$i"; push_gui "$i" gui ;;
  esac
done
cli=$(median <"$work/cli")
gui=$(median <"$work/gui")
walk=$(median <"$work/walk")
[[ -n $gui && -n $walk ]] || { echo "error: the wizard's push failed:" >&2; cat "$work"/gui-*.err "$work"/walk-*.err >&2; exit 1; }
mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v c="$cli" -v g="$1" 'BEGIN { printf "%.3f", c / g }'; }

echo
printf '%-44s %10s\n' "first window, median of 5" "${first} ms   (target < 2000 ms)"
printf '%-44s %8s s %8s MB/s   runs: %s\n' "airlock push (CLI), median" "$cli" "$(mbps "$cli")" "$(tr '\n' ' ' <"$work/cli")"
printf '%-44s %8s s %8s MB/s   runs: %s\n' "wizard, Install page at once, median" "$gui" "$(mbps "$gui")" "$(tr '\n' ' ' <"$work/gui")"
printf '%-44s %8s s %8s MB/s   runs: %s\n' "wizard, walked from Welcome, median" "$walk" "$(mbps "$walk")" "$(tr '\n' ' ' <"$work/walk")"
echo "ratio (wizard throughput / CLI throughput): at once $(ratio "$gui"), walked $(ratio "$walk")   (target >= 0.95)"
