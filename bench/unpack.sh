#!/usr/bin/env bash
# Unpacking a .tar.gz bundle: airlock (unpack + check every blob's digest + index) against
# GNU `tar -xzf` on the same file, side by side. Target: airlock at least 0.9x tar's speed.
# Usage: bench/unpack.sh [SIZE_MB]   (default 1000)
source "$(dirname "$0")/lib.sh"
size_mb=${1:-1000}
ensure_built
images=20
layer_mb=$(echo "scale=3; $size_mb / (2 * $images + 2)" | bc -l)
bundle="$WORK/unpack-${size_mb}mb.tar.gz"
if [[ ! -f $bundle ]]; then
  rm -rf "$WORK/unpack-src"
  "$AIRLOCK" sample-bundle -q "$WORK/unpack-src" --images $images --layer-mb "$layer_mb" >/dev/null
  echo "making $bundle with tar -czf (gzip -6, as vendors ship them)..." >&2
  tar -C "$WORK/unpack-src" -czf "$bundle" .
  rm -rf "$WORK/unpack-src"
fi
bytes=$(stat -c %s "$bundle")
cat "$bundle" >/dev/null # both runs start with the file in the page cache
tar_s=$(best_of 3 'rm -rf "$WORK/tar-out"; mkdir -p "$WORK/tar-out"' tar -xzf "$bundle" -C "$WORK/tar-out")
airlock_s=$(best_of 3 'rm -rf "$WORK/airlock-work"' airlock_quiet inspect --work-dir "$WORK/airlock-work" "$bundle")
rm -rf "$WORK/tar-out" "$WORK/airlock-work"
printf 'bundle: %s (%s MB compressed)\n' "$bundle" "$(mb "$bytes")"
printf 'tar -xzf:        %6.2f s  %7.1f MB/s\n' "$tar_s" "$(echo "$bytes / $tar_s / 1000000" | bc -l)"
printf 'airlock inspect: %6.2f s  %7.1f MB/s  (unpack, verify every blob, index)\n' "$airlock_s" "$(echo "$bytes / $airlock_s / 1000000" | bc -l)"
printf 'ratio (airlock speed / tar speed): %.2f  (target >= 0.90)\n' "$(echo "$tar_s / $airlock_s" | bc -l)"
