#!/usr/bin/env bash
# Benchmark: airlock serve against Debian's docker-registry (CNCF distribution 2.8), same content,
# same machine, one run.
#
#   bench/registry.sh [--images N] [--layer-mb X] [--concurrency C] [--rounds R]
#
# 1. Makes a sample bundle (./airlock sample-bundle) and serves it read-only in place with a third
#    registry, the source.
# 2. Push: copies every image and chart from the source into docker-registry and into
#    `airlock serve --storage` (timed, ratio). PUSH_WITH=airlock (default) uses `./airlock push`;
#    PUSH_WITH=skopeo uses skopeo copy of every reference (one process per image).
# 3. Pull: skopeo copy of everything from each registry to local directories (timed, ratio).
# 4. C concurrent pulls (default 32) from each registry: errors counted, time.
# 5. Memory: peak RSS of each server process during the run, and airlock's RSS before and after.
# A ratio is docker-registry's time / airlock's time: above 1.0 means airlock is faster.
# Needs: skopeo docker-registry curl (apt-get). Sends traffic to 127.0.0.1 only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images=24
layer_mb=4
concurrency=32
rounds=3
while (($#)); do
  case $1 in
    --images) images=$2; shift 2 ;;
    --layer-mb) layer_mb=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PUSH_WITH=${PUSH_WITH:-airlock}

for tool in skopeo docker-registry curl; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing; run .ci/deps" >&2; exit 2; }
done
if ! compgen -G "$here/installer/target/lib/airlock-*.jar" >/dev/null; then
  (cd "$here" && mvn -B -q -DskipTests package)
fi

work=$(mktemp -d "${BENCH_TMP:-/var/tmp}/airlock-bench.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
ratio() { echo "scale=2; $1 / $2" | bc -l; }
rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || echo 0; }
# Samples a process's RSS every 100 ms into a file until stopped; the peak is the file's maximum.
sample_rss() { while kill -0 "$1" 2>/dev/null; do rss_kb "$1" >>"$2"; sleep 0.1; done; }
peak() { sort -n "$1" | tail -1; }

echo "== sample bundle: $images images, layers of $layer_mb MB"
"$here/airlock" sample-bundle "$work/bundle" --images "$images" --layer-mb "$layer_mb" -q >/dev/null
du -sh "$work/bundle" | awk '{print "   bundle size: " $1}'

# Airlock's JVM for servers: the launcher's heap (256 MB) with the full JIT.
export AIRLOCK_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC"

src_port=$(free_port)
"$here/airlock" serve --bundle "$work/bundle" --work-dir "$work/unpacked" --listen "127.0.0.1:$src_port" -q \
  >"$work/source.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$src_port/v2/"

# Starts an empty docker-registry and an empty airlock serve; sets dr_pid dr_port al_pid al_port.
start_targets() { # $1 round
  local dir="$work/round-$1"
  mkdir -p "$dir"
  local dr
  dr=$(start_docker_registry "$dir/docker-registry")
  dr_port=${dr##*:}
  dr_pid=$(cat "$dir/docker-registry/pid")
  pids+=("$dr_pid")
  al_port=$(free_port)
  "$here/airlock" serve --storage "$dir/airlock" --listen "127.0.0.1:$al_port" -q >"$dir/airlock.log" 2>&1 &
  al_pid=$!
  pids+=("$al_pid")
  wait_http "http://127.0.0.1:$al_port/v2/"
}
stop_targets() {
  kill "$dr_pid" "$al_pid" 2>/dev/null || true
  wait "$dr_pid" "$al_pid" 2>/dev/null || true
}

# Every repository:tag the source serves (images under their full name, charts under charts/).
refs=()
catalog=$(curl -fsS "http://127.0.0.1:$src_port/v2/_catalog" | grep -o '"repositories":\[[^]]*\]' | grep -o '"[^"]*"' | tr -d '"' | grep -v '^repositories$')
for repo in $catalog; do
  for tag in $(curl -fsS "http://127.0.0.1:$src_port/v2/$repo/tags/list" | grep -o '"tags":\[[^]]*\]' | grep -o '"[^"]*"' | tr -d '"' | grep -v '^tags$'); do
    refs+=("$repo:$tag")
  done
done
echo "   ${#refs[@]} references (images and charts)"

push_with_skopeo() { # $1 target host:port, $2 repository prefix
  for ref in "${refs[@]}"; do
    skopeo copy --quiet --all --preserve-digests --src-tls-verify=false --dest-tls-verify=false \
      "docker://127.0.0.1:$src_port/$ref" "docker://$1/$2$ref"
  done
}
push_with_airlock() { # $1 target host:port, $2 repository prefix
  "$here/airlock" push "$work/bundle" --registry "$1/${2%/}" --plain-http >/dev/null 2>&1
}
timed_push() { # $1 target; prints seconds. `sync` first: the other server's unflushed writes
  # must not be paid for by this one's fsyncs.
  sync
  local t0 t1
  t0=$(now); "push_with_$PUSH_WITH" "$1" "$2"; t1=$(now)
  elapsed "$t0" "$t1"
}

echo "== push ($PUSH_WITH) into empty registries, best of $rounds, alternating which goes first"
best_pdr=999999; best_pal=999999
for r in $(seq "$rounds"); do
  ((r == 1)) || stop_targets
  start_targets "$r"
  # Warm both up (Airlock's JIT, docker-registry's caches) with one image under another name.
  for target in "127.0.0.1:$dr_port" "127.0.0.1:$al_port"; do
    skopeo copy --quiet --all --src-tls-verify=false --dest-tls-verify=false \
      "docker://127.0.0.1:$src_port/${refs[0]}" "docker://$target/warmup/${refs[0]}"
  done
  if ((r % 2)); then
    d=$(timed_push "127.0.0.1:$dr_port" ""); a=$(timed_push "127.0.0.1:$al_port" "")
  else
    a=$(timed_push "127.0.0.1:$al_port" ""); d=$(timed_push "127.0.0.1:$dr_port" "")
  fi
  (($(echo "$d < $best_pdr" | bc -l))) && best_pdr=$d
  (($(echo "$a < $best_pal" | bc -l))) && best_pal=$a
  printf '   round %d: docker-registry %6.2f s   airlock %6.2f s\n' "$r" "$d" "$a"
done
printf '   best: docker-registry %6.2f s   airlock %6.2f s   ratio %s\n' "$best_pdr" "$best_pal" "$(ratio "$best_pdr" "$best_pal")"

# The last round's servers serve the pulls; their memory is watched from here on.
al_rss_start=$(rss_kb "$al_pid")
sample_rss "$al_pid" "$work/al.rss" &
pids+=($!)
sample_rss "$dr_pid" "$work/dr.rss" &
pids+=($!)

pull_all() { # $1 host:port $2 out dir
  for ref in "${refs[@]}"; do
    mkdir -p "$2"
    skopeo copy --quiet --all --src-tls-verify=false "docker://$1/$ref" "dir:$2/${ref//[\/:]/_}"
  done
}
echo "== pull everything with skopeo copy, best of $rounds"
best_dr=999999; best_al=999999
for r in $(seq "$rounds"); do
  rm -rf "$work/pull"; mkdir -p "$work/pull"
  t0=$(now); pull_all "127.0.0.1:$dr_port" "$work/pull/dr"; t1=$(now)
  d=$(elapsed "$t0" "$t1"); (($(echo "$d < $best_dr" | bc -l))) && best_dr=$d
  t0=$(now); pull_all "127.0.0.1:$al_port" "$work/pull/al"; t1=$(now)
  a=$(elapsed "$t0" "$t1"); (($(echo "$a < $best_al" | bc -l))) && best_al=$a
  printf '   round %d: docker-registry %6.2f s   airlock %6.2f s\n' "$r" "$d" "$a"
done
if ! diff -r "$work/pull/dr" "$work/pull/al" >/dev/null; then
  echo "error: the two registries served different content" >&2
  exit 1
fi
printf '   best: docker-registry %6.2f s   airlock %6.2f s   ratio %s (identical content)\n' "$best_dr" "$best_al" "$(ratio "$best_dr" "$best_al")"

concurrent() { # $1 host:port $2 label; prints failures and time
  local dir="$work/conc-$2" fails=0
  rm -rf "$dir"; mkdir -p "$dir"
  local t0 t1 cp=()
  t0=$(now)
  for i in $(seq "$concurrency"); do
    ref=${refs[$(((i - 1) % ${#refs[@]}))]}
    skopeo copy --quiet --all --src-tls-verify=false "docker://$1/$ref" "dir:$dir/$i" >"$dir/$i.log" 2>&1 &
    cp+=($!)
  done
  for p in "${cp[@]}"; do wait "$p" || fails=$((fails + 1)); done
  t1=$(now)
  echo "$fails $(elapsed "$t0" "$t1")"
}
echo "== $concurrency concurrent pulls"
read -r f_dr t_dr < <(concurrent "127.0.0.1:$dr_port" dr)
read -r f_al t_al < <(concurrent "127.0.0.1:$al_port" al)
printf '   docker-registry %6.2f s, %d errors   airlock %6.2f s, %d errors   ratio %s\n' "$t_dr" "$f_dr" "$t_al" "$f_al" "$(ratio "$t_dr" "$t_al")"

al_rss_end=$(rss_kb "$al_pid")
echo "== memory (RSS)"
printf '   docker-registry peak %d MB\n' $(($(peak "$work/dr.rss") / 1024))
printf '   airlock serve: at start %d MB, peak %d MB, at end %d MB (heap capped at 256 MB)\n' \
  $((al_rss_start / 1024)) $(($(peak "$work/al.rss") / 1024)) $((al_rss_end / 1024))
if ((f_al > 0)); then
  echo "error: airlock failed $f_al of $concurrency concurrent pulls" >&2
  exit 1
fi
