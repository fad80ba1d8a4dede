#!/usr/bin/env bash
# Smoke test of the installers: the packaged CLI runs a real command, the packaged wizard opens its
# window (under Xvfb when there is no display), and the .deb holds both launchers.
#   smoke.sh DIR
set -euo pipefail
dir=$1
image="$dir/image/airlock-wizard"
fail() { echo "airlock-packaging smoke: FAILED: $*" >&2; exit 1; }

"$image/bin/airlock" --version | grep -q . || fail "bin/airlock --version printed nothing"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$image/bin/airlock" sample-bundle "$tmp/b" --images 1 --layer-mb 0.1 -q >/dev/null
"$image/bin/airlock" inspect "$tmp/b" | grep -q '^Bundle ' || fail "bin/airlock inspect"

display=()
[[ -n ${DISPLAY:-} ]] || display=(xvfb-run -a -s "-screen 0 1366x768x24")
ms=$(JAVA_TOOL_OPTIONS=-Dairlock.timing=true "${display[@]}" "$image/bin/airlock-wizard" 2>/dev/null |
  awk '/first-window-ms/ {print $2}')
[[ -n $ms ]] || fail "the wizard did not open its window"

deb=$(ls "$dir"/deb/*.deb)
contents=$(dpkg-deb -c "$deb")
grep -q '/opt/airlock/bin/airlock-wizard$' <<<"$contents" || fail "$deb lacks bin/airlock-wizard"
grep -q '/opt/airlock/bin/airlock$' <<<"$contents" || fail "$deb lacks bin/airlock"
echo "airlock-packaging smoke: CLI ok, wizard window in ${ms} ms, $(basename "$deb") holds both launchers"
