#!/usr/bin/env bash
# Smoke test of the installers: the packaged CLI runs a real command, the packaged wizard opens its
# window (under Xvfb when there is no display) on its own AOT cache when the build trained one, and
# the .deb holds both launchers, the command on the PATH and the desktop entry, compressed at xz -9.
#   smoke.sh DIR
set -euo pipefail
dir=$1
image="$dir/image/airlock"
fail() { echo "airlock-packaging smoke: FAILED: $*" >&2; exit 1; }

"$image/bin/airlock" --version | grep -q '^airlock ' || fail "bin/airlock --version"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$image/bin/airlock" sample-bundle "$tmp/b" --images 1 --layer-mb 0.1 -q >/dev/null
JAVA_TOOL_OPTIONS="-Xlog:class+load:file=$tmp/cli-classes" "$image/bin/airlock" inspect "$tmp/b" \
  2>"$tmp/cli-err" | grep -q '^Bundle ' || fail "bin/airlock inspect: $(cat "$tmp/cli-err")"
# The command line's cache holds picocli, rewritten for Java 8 by the build (UpgradeClassFiles.java).
if [[ -f $image/lib/app/airlock.aot ]]; then
  grep -q ' picocli\.CommandLine source: shared objects file' "$tmp/cli-classes" ||
    fail "picocli did not start from the AOT cache: $(grep ' picocli\.CommandLine ' "$tmp/cli-classes")"
  # and with it the JIT compiles later (launcher.sh)
  JAVA_TOOL_OPTIONS=-XX:+PrintFlagsFinal "$image/bin/airlock" inspect --help >"$tmp/flags" 2>/dev/null ||
    fail "bin/airlock inspect --help"
  grep -q 'CompileThresholdScaling *= 4\.' "$tmp/flags" ||
    fail "bin/airlock runs without -XX:CompileThresholdScaling=4"
fi

display=()
[[ -n ${DISPLAY:-} ]] || display=(xvfb-run -a -s "-screen 0 1366x768x24")
ms=$(JAVA_TOOL_OPTIONS="-Dairlock.timing=true -Xlog:class+load:file=$tmp/classes" "${display[@]}" \
  "$image/bin/airlock-wizard" 2>/dev/null | awk '/first-window-ms/ {print $2}')
[[ -n $ms ]] || fail "the wizard did not open its window"
# The wizard's cache (lib/app/wizard.aot) holds JavaFX; the command line's does not.
if [[ -f $image/lib/app/wizard.aot ]]; then
  grep -q ' javafx\.scene\.Scene source: shared objects file' "$tmp/classes" ||
    fail "the wizard did not start on its AOT cache: $(grep ' javafx\.scene\.Scene ' "$tmp/classes")"
fi

deb=$(ls "$dir"/*.deb)
contents=$(dpkg-deb -c "$deb")
for path in /opt/airlock/bin/airlock-wizard /opt/airlock/bin/airlock /usr/bin/airlock \
  /usr/share/applications/airlock.desktop /usr/share/icons/hicolor/scalable/apps/airlock.svg; do
  grep -q " \.$path\( ->.*\)\?$" <<<"$contents" || fail "$deb lacks $path"
done
# Compressed at xz's preset 9 (deb.sh), whose window is 64 MiB (the default level's: 8 MiB).
ar p "$deb" data.tar.xz >"$tmp/data.tar.xz" || fail "$deb has no data.tar.xz"
windows=$(xz --robot -lvv "$tmp/data.tar.xz" | awk -F'\t' '$1 == "block" {print $NF}' | sort -u) ||
  fail "xz cannot read the data.tar.xz of $deb"
[[ $windows == --lzma2=dict=64MiB ]] || fail "$deb is not compressed at xz -9: $windows"
(cd "$dir" && sha256sum -c --quiet SHA256SUMS) || fail "SHA256SUMS does not match the packages"
echo "airlock-packaging smoke: CLI ok, wizard window in ${ms} ms, $(basename "$deb") holds both" \
  "launchers, airlock on the PATH and the desktop entry, compressed at xz -9"
