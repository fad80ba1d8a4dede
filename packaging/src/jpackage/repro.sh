#!/usr/bin/env bash
# Reproducibility: builds the installers a second time from the same jars and the same commit and
# compares them byte for byte with the first build's (SHA256SUMS). On a difference, names the
# members that differ.
#   repro.sh DIR VERSION MODULES [TRUST_DIR]
set -euo pipefail
dir=$1
here="$(cd "$(dirname "$0")" && pwd)"
second="$dir/repro"
rm -rf "$second" && mkdir -p "$second"
cp -a "$dir/input" "$second/input"
SOURCE_DATE_EPOCH=$(cat "$dir/SOURCE_DATE_EPOCH") AIRLOCK_AOT=0 bash "$here/build.sh" "$second" "${@:2}" >/dev/null
if cmp -s "$dir/SHA256SUMS" "$second/SHA256SUMS"; then
  echo "airlock-packaging reproducible: two builds, identical packages ($(cut -c1-16 "$dir/SHA256SUMS" | paste -sd' '))"
  rm -rf "$second"
  exit 0
fi
echo "airlock-packaging reproducible: FAILED: the second build differs" >&2
diff "$dir/SHA256SUMS" "$second/SHA256SUMS" >&2 || true
a=$(mktemp -d) b=$(mktemp -d)
trap 'rm -rf "$a" "$b"' EXIT
tar -xzf "$dir"/*.tar.gz -C "$a"
tar -xzf "$second"/*.tar.gz -C "$b"
diff -rq "$a" "$b" >&2 || true
exit 1
