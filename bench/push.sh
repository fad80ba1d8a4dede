#!/usr/bin/env bash
# Benchmark: airlock push against skopeo copy (image by image, as peers push), same bundle, same
# kind of registry (Debian's docker-registry on 127.0.0.1), same run.
#
#   bench/push.sh            # 1 GB bundle, then a re-push, then -Xmx256m on a 5 GB bundle
#   BIG_GB=0 bench/push.sh   # skip the 5 GB memory check
#   SKOPEO_BIG=1 bench/push.sh  # also skopeo on the 5 GB bundle (ratio once warm-up is paid off)
#   PACKAGED=/opt/airlock/bin/airlock bench/push.sh   # also the installed package's airlock push
#
# Needs: docker-registry, skopeo, jq (all apt packages), a built Airlock (built here if missing).
# Prints wall time and MB/s of each tool and the ratio. Targets: airlock >= 1.5x skopeo; a
# second airlock run with everything present < 2 s; -Xmx256m holds for the 5 GB bundle.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
start_registry() { start_docker_registry "$work/$1"; } # NAME -> host:port
here="$(cd "$(dirname "$0")/.." && pwd)"
airlock="$here/airlock"
SIZE_GB=${SIZE_GB:-1}
BIG_GB=${BIG_GB:-5}
IMAGES=${IMAGES:-20}
work="${BENCH_DIR:-$(mktemp -d /tmp/airlock-bench.XXXXXX)}"
cleanup() {
  # start_registry runs in a subshell ($(...)), so it leaves each registry's pid in a file.
  for f in "$work"/*/pid; do [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true; done
  [[ -z ${KEEP:-} ]] && rm -rf "$work"
}
trap cleanup EXIT

for tool in docker-registry skopeo jq; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (sudo apt-get install $tool)" >&2; exit 2; }
done
if ! compgen -G "$here/installer/target/lib/airlock-*.jar" >/dev/null; then
  echo "Building Airlock..." >&2
  (cd "$here" && mvn -B -q -DskipTests package -pl core,installer -am)
fi



now() { date +%s.%N; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

make_bundle() { # DIR GB
  local layer_mb
  # Layers: 2 shared bases + one own layer per image, two for the multi-arch first image.
  layer_mb=$(awk -v gb="$2" -v n="$IMAGES" 'BEGIN { printf "%.2f", gb * 1000 / (n + 3) }')
  "$airlock" sample-bundle "$1" --images "$IMAGES" --layer-mb "$layer_mb" -q >/dev/null
}

echo "== Airlock push benchmark ($(nproc) cores, work dir $work)"
make_bundle "$work/bundle" "$SIZE_GB"
"$airlock" inspect --json "$work/bundle" >"$work/inspect.json"
bytes=$(jq '.bundle.sizeBytes' "$work/inspect.json")
echo "bundle: $IMAGES images, $(jq '.charts | length' "$work/inspect.json") charts, $(awk -v b="$bytes" 'BEGIN{printf "%.2f GB", b/1e9}') distinct content"

skopeo_reg=$(start_registry skopeo-registry)
airlock_reg=$(start_registry airlock-registry)

# skopeo_push BUNDLE INSPECT_JSON REGISTRY: one copy per image, as Zarf and the k0rdent installer
# do; --all keeps every platform.
skopeo_push() {
  local ref source media src all
  while IFS=$'\t' read -r ref source media; do
    case "$source" in
      *.tar) if tar tf "$1/$source" oci-layout >/dev/null 2>&1; then src="oci-archive:$1/$source"; else src="docker-archive:$1/$source"; fi ;;
      *) src="oci:$1/$source" ;;
    esac
    all=()
    [[ $media == *index* || $media == *list* ]] && all=(--all)
    skopeo copy --quiet --dest-tls-verify=false "${all[@]}" "$src" "docker://$3/mirror/$ref"
  done < <(jq -r '.images[] | [.ref, .source, .mediaType] | @tsv' "$2")
}

t0=$(now)
skopeo_push "$work/bundle" "$work/inspect.json" "$skopeo_reg"
t1=$(now)
skopeo_s=$(secs "$t0" "$t1")

# -Dairlock.timing=EPOCH_MS (the launch): the push prints when its first bytes went out
# (first-bytes-ms), and the steps on the way (main-ms, command-ms, bundle-indexed-ms,
# plan-done-ms), wall and CPU ms.
timed() { JAVA_TOOL_OPTIONS=-Dairlock.timing=$(date +%s%3N) "$@"; }
first_bytes() { grep -o 'first-bytes-ms [0-9]*' "$1" | cut -d' ' -f2; }
start_steps() { grep -o '^[a-z-]*-ms [0-9]* cpu-ms [0-9]*' "$1" | awk '{printf "%s%s %s (cpu %s)", sep, $1, $2, $4; sep=", "}'; }
t0=$(now)
timed "$airlock" push "$work/bundle" --registry "$airlock_reg/mirror" --plain-http --work-dir "$work/airlock-work" >"$work/push1.out" 2>"$work/push1.err"
t1=$(now)
airlock_s=$(secs "$t0" "$t1")

t0=$(now)
"$airlock" push "$work/bundle" --registry "$airlock_reg/mirror" --plain-http --work-dir "$work/airlock-work" >"$work/push2.out" 2>"$work/push2.err"
t1=$(now)
again_s=$(secs "$t0" "$t1")

# Same digests on both sides for the image skopeo copies without changing it.
first_ref=$(jq -r '.images[0].ref' "$work/inspect.json")
d_skopeo=$(skopeo inspect --raw --tls-verify=false "docker://$skopeo_reg/mirror/$first_ref" | sha256sum | cut -c1-16)
d_airlock=$(skopeo inspect --raw --tls-verify=false "docker://$airlock_reg/mirror/$first_ref" | sha256sum | cut -c1-16)

if [[ -n ${PACKAGED:-} ]]; then
  packaged_reg=$(start_registry packaged-registry)
  t0=$(now)
  timed "$PACKAGED" push "$work/bundle" --registry "$packaged_reg/mirror" --plain-http --work-dir "$work/packaged-work" >"$work/packaged.out" 2>"$work/packaged.err"
  t1=$(now)
  packaged_s=$(secs "$t0" "$t1")
fi

echo
printf '%-34s %9s %10s\n' "run" "seconds" "MB/s"
printf '%-34s %9s %10s\n' "skopeo copy, image by image" "$skopeo_s" "$(mbps "$bytes" "$skopeo_s")"
printf '%-34s %9s %10s\n' "airlock push" "$airlock_s" "$(mbps "$bytes" "$airlock_s")"
printf '%-34s %9s\n' "airlock push again (all present)" "$again_s"
[[ -n ${PACKAGED:-} ]] && printf '%-34s %9s %10s\n' "packaged airlock push ($PACKAGED)" "$packaged_s" "$(mbps "$bytes" "$packaged_s")"
echo
ratio=$(awk -v a="$skopeo_s" -v b="$airlock_s" 'BEGIN { printf "%.2f", a / b }')
echo "ratio (airlock throughput / skopeo throughput): ${ratio}x   (target >= 1.5x)"
echo "re-push with everything present: ${again_s} s   (target < 2 s)"
echo "start to the first bytes out: $(first_bytes "$work/push1.err") ms   (target < 400 ms)"
echo "  on the way: $(start_steps "$work/push1.err")"
if [[ -n ${PACKAGED:-} ]]; then
  echo "packaged push / source build push: $(awk -v a="$airlock_s" -v b="$packaged_s" 'BEGIN { printf "%.2f", a / b }')x" \
    "(target >= 1.0x); its first bytes after $(first_bytes "$work/packaged.err") ms"
fi
echo "digest of $first_ref: skopeo-pushed ${d_skopeo}..., airlock-pushed ${d_airlock}..."
tail -n 1 "$work/push1.err" | sed 's/^/airlock: /'
grep '^Pushed' "$work/push1.out" | sed 's/^/airlock: /'

if [[ $BIG_GB != 0 ]]; then
  echo
  echo "== -Xmx256m check: ${BIG_GB} GB bundle"
  rm -rf "$work/bundle" "$work/skopeo-registry/data"
  make_bundle "$work/big" "$BIG_GB"
  big_reg=$(start_registry big-registry)
  t0=$(now)
  AIRLOCK_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -Xlog:gc:file=$work/gc.log" /usr/bin/time -f '%M' -o "$work/rss" \
    "$airlock" push "$work/big" --registry "$big_reg/mirror" --plain-http --work-dir "$work/airlock-work" >"$work/big.out" 2>"$work/big.err"
  t1=$(now)
  big_bytes=$("$airlock" inspect --json "$work/big" | jq '.bundle.sizeBytes')
  big_s=$(secs "$t0" "$t1")
  # Live heap: what a full collection leaves (young collections leave promoted garbage behind).
  # A run may need no full collection at all (|| true: no match is not a failure).
  full_max=$(grep 'Pause Full' "$work/gc.log" | grep -oE '[0-9]+M->[0-9]+M' | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1 || true)
  young_med=$(grep 'Pause Young' "$work/gc.log" | grep -oE '[0-9]+M->[0-9]+M' | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}' || true)
  echo "pushed $(awk -v b="$big_bytes" 'BEGIN{printf "%.2f GB", b/1e9}') with -Xmx256m in ${big_s} s ($(mbps "$big_bytes" "$big_s") MB/s);" \
    "peak RSS $(( $(cat "$work/rss") / 1024 )) MB; heap after young GCs (median) ${young_med:-?} MB;" \
    "after full GCs (max) ${full_max:-none} MB"
  if [[ -n ${SKOPEO_BIG:-} ]]; then
    # The same bundle with skopeo: at this size the JVM's start and warm-up are paid off.
    "$airlock" inspect --json "$work/big" >"$work/big.json"
    big_skopeo_reg=$(start_registry big-skopeo-registry)
    t0=$(now)
    skopeo_push "$work/big" "$work/big.json" "$big_skopeo_reg"
    t1=$(now)
    big_skopeo_s=$(secs "$t0" "$t1")
    echo "skopeo on the same ${BIG_GB} GB bundle: ${big_skopeo_s} s ($(mbps "$big_bytes" "$big_skopeo_s") MB/s);" \
      "ratio $(awk -v a="$big_skopeo_s" -v b="$big_s" 'BEGIN { printf "%.2f", a / b }')x"
  fi
fi
