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

# best CMD...: runs it $runs times; prints "wall cpu" (seconds) of the fastest run. CPU time
# (user + sys) is printed too: on a shared machine it is steadier than the wall clock.
best() {
  local best_w="" best_c="" i
  for ((i = 0; i < runs; i++)); do
    local times
    times=$({ TIMEFORMAT='%R %U %S'; time { "$@" >/dev/null 2>&1 || echo "failed:$?" >&2; }; } 2>&1)
    if [[ $times == *failed:* ]]; then
      echo "the command failed, so its time means nothing: $*" >&2
      exit 1
    fi
    read -r w u s <<<"$times"
    if [[ -z $best_w ]] || awk -v t="$w" -v b="$best_w" 'BEGIN { exit !(t < b) }'; then
      best_w=$w
      best_c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
    fi
  done
  echo "$best_w $best_c"
}

sha256sum data.bin >sums256.txt
sha512sum data.bin >sums512.txt
echo -n bench | "$airlock" keygen --output-key-prefix p256 --password-stdin >/dev/null 2>&1
echo -n bench | "$airlock" keygen --output-key-prefix ed --signing-algorithm ed25519 \
  --password-stdin >/dev/null 2>&1
cp data.bin ed.bin
echo -n bench | "$airlock" sign data.bin --key p256.key --password-stdin >/dev/null 2>&1
echo -n bench | "$airlock" sign ed.bin --key ed.key --password-stdin >/dev/null 2>&1

row() { # label peer_label "peer_wall peer_cpu" "airlock_wall airlock_cpu"
  awk -v l="$1" -v pl="$2" -v p="$3" -v a="$4" -v mb="$size_mb" 'BEGIN {
    split(p, pp, " "); split(a, aa, " ")
    printf "%-46s %6.0f MB/s  %-20s %6.0f MB/s  ratio %.2fx  (CPU time ratio %.2fx)\n",
      l, mb / aa[1], pl, mb / pp[1], pp[1] / aa[1], pp[2] / aa[2] }'
}

t_sha256sum=$(best sha256sum data.bin)
t_sha512sum=$(best sha512sum data.bin)
t_a256=$(best "$airlock" verify --checksums sums256.txt)
t_a512=$(best "$airlock" verify --checksums sums512.txt)
t_sig=$(best "$airlock" verify data.bin --key p256.pub)
t_both=$(best "$airlock" verify data.bin --key p256.pub --checksums sums512.txt)
# Ed25519 with a 64 MB heap: the 2 GB message is streamed, never held (BouncyCastle would buffer it)
t_ed=$(best env AIRLOCK_JAVA_OPTS="-Xmx64m -XX:+UseSerialGC" "$airlock" verify ed.bin --key ed.pub)
t_peers=$(awk -v a="$t_sha256sum" -v b="$t_sha512sum" 'BEGIN {
  split(a, x, " "); split(b, y, " "); printf "%.3f %.3f", x[1] + y[1], x[2] + y[2] }')

echo
echo "Results (${size_mb} MB, best of $runs; airlock includes the JVM's start):"
row "airlock verify --checksums (SHA-256)" "sha256sum" "$t_sha256sum" "$t_a256"
row "airlock verify --checksums (SHA-512)" "sha512sum" "$t_sha512sum" "$t_a512"
row "airlock verify --key (ECDSA P-256, SHA-256)" "sha256sum" "$t_sha256sum" "$t_sig"
row "airlock verify --key + --checksums (SHA-512)" "sha256sum+sha512sum" "$t_peers" "$t_both"
row "airlock verify --key (Ed25519, -Xmx64m)" "sha512sum" "$t_sha512sum" "$t_ed"
echo "Load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
