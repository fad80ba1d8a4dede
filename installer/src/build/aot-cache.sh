#!/usr/bin/env bash
# Makes the AOT cache that ./airlock starts with when a JDK 25 or newer is on the machine
# (JEP 483, 514, 515: classes loaded and linked ahead of time, method profiles from a training run).
# A cold command otherwise spends a second of CPU in the JIT before its work warms up, which on a
# 2-core machine competes with the registry it pushes to (bench/push.sh: ~1 s less CPU per push).
#
#   aot-cache.sh TARGET_DIR          # TARGET_DIR/lib holds the launcher's classpath
#   aot-cache.sh TARGET_DIR wizard   # the same for the wizard (./airlock gui)
#
# Training run: `airlock demo --exit` on a sample bundle (verified, served by the embedded registry
# and pushed into it, all in one JVM), which walks the code of inspect, verify, serve and push. For
# the wizard, its TrainingRun walks the window from Welcome to Done on such a bundle (the same core
# code, plus the pages, CSS and live progress a person sees); that needs a display (Xvfb's, or the
# desktop's), and without one the wizard's cache is trained on the command line's run.
# Writes TARGET_DIR/aot/airlock.aot, java-home (the JDK it belongs to: a cache works only with the
# JVM that made it) and java-options. Without a JDK 25 it removes them and says so; the launcher
# then runs on the default java as before. Set AIRLOCK_AOT_JAVA to choose the java.
set -euo pipefail
target=$1
workload=${2:-cli}
lib="$target/lib"
out="$target/aot"
# shellcheck source=classpath.sh
source "$(dirname "$0")/classpath.sh"
cp=$(airlock_classpath "$lib")
rm -rf "$out"

if [[ ${AIRLOCK_AOT:-1} == 0 ]]; then
  echo "[aot] AIRLOCK_AOT=0: no AOT cache"
  exit 0
fi

java_version() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
java=""
for candidate in ${AIRLOCK_AOT_JAVA:-} /usr/lib/jvm/*/bin/java; do
  [[ -x $candidate ]] || continue
  version=$(java_version "$candidate")
  if [[ ${version%%.*} =~ ^[0-9]+$ ]] && ((${version%%.*} >= 25)); then
    java=$candidate
    break
  fi
done
if [[ -z $java ]]; then
  echo "[aot] no JDK 25 or newer under /usr/lib/jvm: ./airlock starts without an AOT cache"
  exit 0
fi

# Netty's direct buffers use sun.misc.Unsafe and zstd-jni and JavaFX load native code: allowed, so
# that a JDK 24+ does not print warnings on every run.
# Each is kept only if this JDK accepts it (a later JDK may retire one).
options=()
for option in --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED; do
  if "$java" "$option" -version >/dev/null 2>&1; then options+=("$option"); fi
done

# Picocli's classes are Java 5 class files, which the cache would leave out (UpgradeClassFiles.java).
"$java" "$(dirname "$0")/UpgradeClassFiles.java" "$lib"

mkdir -p "$out/train"
port=""
for _ in $(seq 50); do
  p=$((10000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[[ -n $port ]] || { echo "[aot] no free port for the training run" >&2; exit 1; }

echo "[aot] training run ($workload) with $java"
# A bundle of a few hundred MB, so that the push's hot loops run long enough to be profiled; for the
# wizard a signed file, as a vendor ships it.
bundle="$out/train/bundle"
[[ $workload == wizard ]] && bundle+=.tar
"$java" "${options[@]}" -cp "$cp" io.airlock.cli.Airlock sample-bundle "$bundle" --images 8 \
  --layer-mb 24 -q >/dev/null
# The wizard trains on a virtual display (Xvfb), so that no window flies past on a desktop; on the
# desktop's own display only without Xvfb.
display=()
if [[ $workload == wizard ]]; then
  if command -v xvfb-run >/dev/null; then
    display=(xvfb-run -a -s "-screen 0 1366x768x24")
  elif [[ -z ${DISPLAY:-} ]]; then
    echo "[aot] no xvfb-run and no display: the wizard's cache is trained on the command line's run"
    workload=cli
  fi
fi
training=(io.airlock.cli.Airlock demo "$bundle" --exit --listen "127.0.0.1:$port"
  --work-dir "$out/train/work")
[[ $workload == wizard ]] && training=(io.airlock.app.wizard.TrainingRun "$bundle" "$out/train/work")
# The one-step workflow forks a JVM to write the cache; it announces itself on stderr.
if ! "${display[@]}" "$java" -Xmx256m -XX:+UseSerialGC "${options[@]}" -XX:AOTCacheOutput="$out/airlock.aot" \
  -cp "$cp" "${training[@]}" >"$out/train/out.log" 2>"$out/train/err.log"; then
  echo "[aot] the training run failed:" >&2
  cat "$out/train/out.log" "$out/train/err.log" >&2
  exit 1
fi
# The cache must start a command cleanly, or it is of no use.
check=$("$java" "${options[@]}" -XX:AOTCache="$out/airlock.aot" -Xlog:aot=warning -Xlog:cds=warning -cp "$cp" \
  io.airlock.cli.Airlock --version 2>&1)
if [[ $check != airlock* ]] || grep -q '\[aot\]\|\[cds\]\|WARNING' <<<"$check"; then
  echo "[aot] the cache does not load: $check" >&2
  exit 1
fi
dirname "$(dirname "$(readlink -f "$java")")" >"$out/java-home"
echo "${options[*]}" >"$out/java-options"
rm -rf "$out/train"
echo "[aot] $(du -h "$out/airlock.aot" | cut -f1) cache for $(cat "$out/java-home")"
