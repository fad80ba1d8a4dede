#!/usr/bin/env bash
# Hashing throughput of `airlock verify` next to sha256sum and sha512sum on the same file, in the
# same run (best of N, page cache warm for everyone). Ratio = peer time / airlock time: >= 1 means
# Airlock is at least as fast. Airlock's time includes the JVM's start (~0.4 s), as a user sees it.
#
#   bench/hash.sh            # 2 GB file, best of 3
#   SIZE_MB=512 RUNS=2 bench/hash.sh
#
# Needs the built jars (mvn -B -q -DskipTests package) and coreutils.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
airlock="$here/airlock"
size_mb=${SIZE_MB:-2048}
runs=${RUNS:-3}
work="$(mktemp -d "${TMPDIR:-/tmp}/airlock-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

echo "JVM SHA intrinsics (the CPU's SHA instructions, used by the JIT):"
java_bin=java
[[ -n ${JAVA_HOME:-} ]] && java_bin="$JAVA_HOME/bin/java"
"$java_bin" -XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal -version 2>/dev/null |
  grep -E ' UseSHA |UseSHA(1|256|512)Intrinsics' | awk '{print "  " $2 " = " $4}'
grep -qw sha_ni /proc/cpuinfo 2>/dev/null && echo "  CPU: sha_ni present" || echo "  CPU: no sha_ni"
echo

echo "Making a ${size_mb} MB file..."
head -c "$((size_mb * 1024 * 1024))" /dev/urandom >data.bin
cat data.bin >/dev/null # warm the page cache so every tool reads from memory

# best TIME_CMD: runs "$@" $runs times, prints the fastest wall time in seconds
best() {
  local best_t=""
  for ((i = 0; i < runs; i++)); do
    local t0 t1 t
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    if [[ -z $best_t ]] || awk -v t="$t" -v b="$best_t" 'BEGIN { exit !(t < b) }'; then
      best_t=$t
    fi
  done
  echo "$best_t"
}

sha256sum data.bin >sums256.txt
sha512sum data.bin >sums512.txt
echo -n bench | "$airlock" keygen --output-key-prefix bench --password-stdin >/dev/null
echo -n bench | "$airlock" sign data.bin --key bench.key --password-stdin >/dev/null

row() { # label peer_label peer_time airlock_time
  awk -v l="$1" -v pl="$2" -v p="$3" -v a="$4" -v mb="$size_mb" 'BEGIN {
    printf "%-44s %8.0f MB/s   %-22s %8.0f MB/s   ratio %.2fx\n", l, mb / a, pl, mb / p, p / a }'
}

t_sha256sum=$(best sha256sum data.bin)
t_sha512sum=$(best sha512sum data.bin)
t_a256=$(best "$airlock" verify --checksums sums256.txt)
t_a512=$(best "$airlock" verify --checksums sums512.txt)
t_sig=$(best "$airlock" verify data.bin --key bench.pub)
t_both=$(best "$airlock" verify data.bin --key bench.pub --checksums sums512.txt)
t_peers=$(awk -v a="$t_sha256sum" -v b="$t_sha512sum" 'BEGIN { printf "%.3f", a + b }')

echo
echo "Results (${size_mb} MB, best of $runs; airlock includes JVM start):"
row "airlock verify --checksums (SHA-256)" "sha256sum" "$t_sha256sum" "$t_a256"
row "airlock verify --checksums (SHA-512)" "sha512sum" "$t_sha512sum" "$t_a512"
row "airlock verify --key (ECDSA P-256, SHA-256)" "sha256sum" "$t_sha256sum" "$t_sig"
row "airlock verify --key + --checksums SHA-512" "sha256sum+sha512sum" "$t_peers" "$t_both"
