#!/usr/bin/env bash
# Indexing an uncompressed bundle in place: `airlock inspect` on a 1 GB .tar and directory, JVM
# start included. Target: under 2 s. For scale, `tar -tf` (list members only) on the same tar.
# Usage: bench/index.sh [SIZE_MB]   (default 1000)
source "$(dirname "$0")/lib.sh"
size_mb=${1:-1000}
ensure_built
images=20
layer_mb=$(echo "scale=3; $size_mb / (2 * $images + 2)" | bc -l)
dir="$WORK/index-${size_mb}mb"
tarfile="$dir.tar"
if [[ ! -d $dir ]]; then
  "$AIRLOCK" sample-bundle -q "$dir" --images $images --layer-mb "$layer_mb" >/dev/null
  tar -C "$dir" -cf "$tarfile" .
fi
cat "$tarfile" >/dev/null
bytes=$(stat -c %s "$tarfile")
tar_list() { tar -tf "$1" >/dev/null; }
list_s=$(best_of 3 true tar_list "$tarfile")
tar_s=$(best_of 3 true airlock_quiet inspect "$tarfile")
dir_s=$(best_of 3 true airlock_quiet inspect "$dir")
printf 'bundle: %s MB, %d images + 3 charts\n' "$(mb "$bytes")" "$images"
printf 'tar -tf (listing only):     %5.2f s\n' "$list_s"
printf 'airlock inspect (tar):      %5.2f s  (target < 2 s)\n' "$tar_s"
printf 'airlock inspect (directory): %5.2f s  (target < 2 s)\n' "$dir_s"
