#!/usr/bin/env bash
# Soak: `airlock serve` and Debian's docker-registry under the same mix of concurrent traffic for a
# given number of minutes, each killed with kill -9 at the same random moments and restarted; then
# what each still holds is checked, and errors, latency, memory and open files are compared.
#
#   nice -n 10 bench/soak.sh [--minutes M] [--clients N] [--kill-every S] [--out DIR]
#
# - N client processes per registry (default 3, bench/soak-client.sh) push new images (skopeo),
#   pull (skopeo, curl), re-push, move tags, delete manifests, upload chunked blobs (curl) and push
#   a sample bundle (./airlock push), without pause, until the time is up.
# - Every S seconds on average (default 90, uniformly 0.5 S to 1.5 S) both servers are killed with
#   kill -9 at the same moment; one time in three a garbage collection runs before the restart
#   (`airlock registry gc`, `docker-registry garbage-collect`), and one such collection in three is
#   itself killed with kill -9 part-way. The servers come back after 0 to 2 s.
# - /proc is sampled every second: RSS and open file descriptors of each server.
# - Afterwards, for each registry: every tag of every repository is pulled and every manifest and
#   blob checked against its digest (over HTTP); airlock's store is checked on disk (every blob
#   file hashes to its name, every linked manifest and what it references is there, every tag
#   points to a linked manifest, no temporary file, upload sessions left); then a garbage
#   collection and the same pull-everything check again.
# - Prints per registry and operation: count, failures while the server was down (expected: the
#   restart windows), other failures, p50/p99 latency of the successful ones; RSS and fds; writes
#   OUT/soak.png (RSS and open fds over time) and OUT/summary.txt.
# Exit 1 when airlock fails a check (integrity, an unexpected failure, a leak); docker-registry's
# figures are for comparison only. Loopback only; needs skopeo docker-registry curl jq gnuplot.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/bench/soak-check.sh"
minutes=10
clients=3
kill_every=90
out=""
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --kill-every) kill_every=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

for tool in skopeo docker-registry curl jq; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing; run .ci/deps" >&2; exit 2; }
done
if ! command -v gnuplot >/dev/null; then
  # The plot is the only use of gnuplot in the project: installed here, not by .ci/deps.
  if [[ $(id -u) -eq 0 ]]; then
    echo "== installing gnuplot-nox (apt-get) to plot RSS and open files over time"
    apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null ||
      { apt-get update -qq && apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null; }
  else
    echo "error: gnuplot is missing: sudo apt-get install gnuplot-nox" >&2
    exit 2
  fi
fi
ensure_built

run=$(mktemp -d "${BENCH_TMP:-/var/tmp}/airlock-soak.XXXXXX")
out=${out:-$WORK/soak-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
declare -A port=()
bg=()
cleanup() {
  for p in "${bg[@]}" $(cat "$run"/*.pid 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
now_us() { echo "${EPOCHREALTIME/./}"; }
t0_us=$(now_us)

echo "== soak: $minutes min, $clients clients per registry, kill -9 every ${kill_every}s on average"
echo "   work in $run, results in $out"

# Three shared base layers of 2 MiB (every new image has one), and a sample bundle for airlock push.
mkdir -p "$run/base"
for b in 0 1 2; do
  mkdir -p "$run/base/$b.d"
  head -c $((2 << 20)) /dev/urandom >"$run/base/$b.d/base-$b"
  tar -C "$run/base/$b.d" -cf "$run/base/$b.tar" --mtime=@0 --owner=0 --group=0 "base-$b"
  gzip -n -1 <"$run/base/$b.tar" >"$run/base/$b.tgz"
  echo "$(sha256sum <"$run/base/$b.tgz" | cut -c1-64) $(sha256sum <"$run/base/$b.tar" | cut -c1-64)" \
    "$(stat -c %s "$run/base/$b.tgz")" >"$run/base/$b.meta"
done
"$AIRLOCK" sample-bundle "$run/bundle" --images 4 --layer-mb 2 -q >/dev/null

for label in airlock docker; do port[$label]=$(free_port); done
mkdir -p "$run/airlock" "$run/docker"
docker_registry_config "$run/docker" "${port[docker]}"

launch_server() { # $1 label: starts it in the background, its pid in RUN/LABEL.pid
  if [[ $1 == airlock ]]; then
    "$AIRLOCK" serve --storage "$run/airlock/store" --listen "127.0.0.1:${port[airlock]}" \
      >>"$run/airlock/serve.out" 2>>"$run/airlock/serve.log" &
  else
    docker-registry serve "$run/docker/config.yml" >>"$run/docker/serve.log" 2>&1 &
  fi
  echo $! >"$run/$1.pid"
  disown $! # its end is watched in /proc (stop_server), not reported by this shell
}
start_server() { # $1 label: starts it and waits until it answers
  launch_server "$1"
  wait_http "http://127.0.0.1:${port[$1]}/v2/"
}
# stop_server LABEL SIGNAL: signals the server and waits until it is gone (servers restarted by
# restart() are not this shell's children: their end is watched in /proc, a zombie counts as gone).
stop_server() {
  local p
  p=$(cat "$run/$1.pid")
  kill "-$2" "$p" 2>/dev/null || true
  while [[ -e /proc/$p && $(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null) != Z ]]; do sleep 0.05; done
}
collect_garbage() { # $1 label [$2 extra args]; replaces the shell it runs in: call it in ( ) or &
  if [[ $1 == airlock ]]; then
    exec "$AIRLOCK" registry gc --storage "$run/airlock/store" ${2:-} >>"$run/airlock/gc.log" 2>&1
  else
    exec docker-registry garbage-collect "$run/docker/config.yml" >>"$run/docker/gc.log" 2>&1
  fi
}
for label in airlock docker; do start_server "$label"; done

# RSS (kB) and open fds of each server, every second: "SECONDS LABEL PID RSS FDS".
sample() {
  set +e # a server killed between two reads of /proc is the normal case
  while :; do
    local t label p
    t=$((($(now_us) - t0_us) / 1000000))
    for label in airlock docker; do
      p=$(cat "$run/$label.pid" 2>/dev/null) || continue
      [[ -r /proc/$p/status ]] || continue
      local rss fds
      rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null) || continue
      fds=$(find "/proc/$p/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
      [[ -n $rss ]] && echo "$t $label $p $rss $fds" >>"$run/samples"
    done
    sleep 1
  done
}
sleep 3 # idle figures before the load
sample &
bg+=($!)
sleep 2

deadline=$(($(date +%s) + minutes * 60))
clients_pids=()
for label in airlock docker; do
  for w in $(seq "$clients"); do
    "$ROOT/bench/soak-client.sh" "$label" "127.0.0.1:${port[$label]}" "$w" $((1000 + w)) "$deadline" "$run" &
    clients_pids+=($!)
  done
done

# Each registry goes through the same steps on its own, side by side, so that neither's
# downtime includes the other's.
restart() { # $1 label; uses $kind, $interrupt_gc, $pause of the killer loop
  local down g
  down=$(now_us)
  stop_server "$1" KILL
  if [[ $kind == gc ]]; then
    collect_garbage "$1" &
    g=$!
    if ((interrupt_gc)); then
      sleep "0.$((3 + RANDOM % 7))"
      kill -9 "$g" 2>/dev/null || true
    fi
    wait "$g" || true
  fi
  sleep "$((pause / 10)).$((pause % 10))"
  launch_server "$1"
  wait_http "http://127.0.0.1:${port[$1]}/v2/"
  echo "$1 $([[ $kind == gc ]] && ((interrupt_gc)) && echo gc-killed || echo "$kind") $down $(now_us)" \
    >>"$run/downtime"
}
# The killer: both servers at the same moments; "LABEL KIND DOWN_US UP_US" per restart.
RANDOM=42
events=0
while :; do
  wait_s=$((kill_every / 2 + RANDOM % (kill_every + 1)))
  (($(date +%s) + wait_s < deadline - 10)) || break
  sleep "$wait_s"
  kind=kill
  ((RANDOM % 3 == 0)) && kind=gc
  interrupt_gc=$((RANDOM % 3 == 0))
  pause=$((RANDOM % 21))
  restart airlock &
  r1=$!
  restart docker &
  r2=$!
  ok=1
  wait "$r1" || ok=0
  wait "$r2" || ok=0
  if ((!ok)); then
    cp "$run/airlock/serve.log" "$out/airlock-serve.log"
    echo "FAIL: a server did not answer again after kill -9 (log: $out/airlock-serve.log)" >&2
    exit 1
  fi
  events=$((events + 1))
done
for p in "${clients_pids[@]}"; do wait "$p" || true; done
echo "   load done: $events restarts each"
sleep 5 # idle figures after the load
kill "${bg[0]}" 2>/dev/null || true
# What airlock's JVM still holds after a full collection: the live heap, against the RSS it keeps.
al_pid=$(cat "$run/airlock.pid")
jcmd="$(dirname "$(readlink -f "/proc/$al_pid/exe")")/jcmd"
live_heap="unknown (no jcmd beside the JVM)"
if [[ -x $jcmd ]]; then
  "$jcmd" "$al_pid" GC.run >/dev/null 2>&1 || true
  live_heap=$("$jcmd" "$al_pid" GC.heap_info 2>/dev/null |
    awk '/total [0-9]+K, used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); u += v } } END { printf "%d MB", u / 1024 }')
fi
al_rss_end=$(awk '/^VmRSS/ { printf "%d MB", $2 / 1024 }' "/proc/$al_pid/status")

# ------------------------------------------------------------------ checks
declare -A walk1=() walk2=() store1=() uploads_before=() uploads_after=()
for label in airlock docker; do
  walk1[$label]=$(http_walk "127.0.0.1:${port[$label]}" "$out/problems-$label-served.txt")
done
for label in airlock docker; do stop_server "$label" TERM; done
store1[airlock]=$(store_check "$run/airlock/store" "$out/problems-airlock-store.txt")
uploads_before[airlock]=$(find "$run/airlock/store/uploads" -mindepth 1 -maxdepth 1 | wc -l)
uploads_before[docker]=$(find "$run/docker/data" -type d -path '*/_uploads/*' -prune -print 2>/dev/null | wc -l)
(collect_garbage airlock "--upload-max-age 0")
(collect_garbage docker)
uploads_after[airlock]=$(find "$run/airlock/store/uploads" -mindepth 1 -maxdepth 1 | wc -l)
store2=$(store_check "$run/airlock/store" "$out/problems-airlock-store-after-gc.txt")
for label in airlock docker; do
  start_server "$label"
  walk2[$label]=$(http_walk "127.0.0.1:${port[$label]}" "$out/problems-$label-served-after-gc.txt")
  stop_server "$label" TERM
done

# ------------------------------------------------------------------ figures
cat "$run"/ops-*.log >"$out/ops.log"
cp "$run/samples" "$out/samples.log"
cp "$run/downtime" "$out/downtime.log" 2>/dev/null || : >"$out/downtime.log"
failed_pushes=$(awk '$3 ~ /push|chunked|bundle|tag/ && $6 != 0 { n[$1]++ } END { for (l in n) print l, n[l] }' "$out/ops.log")

# Per registry and operation: ops, failures while down, other failures; latencies of the successes.
awk -v downtime="$out/downtime.log" '
  BEGIN { while ((getline line < downtime) > 0) { split(line, f, " "); w[f[1], ++nw[f[1]]] = f[3] " " f[4] } }
  {
    label = $1; op = $3; start = $4; end = $5; rc = $6
    key = label " " op
    n[key]++
    if (rc == 0) { print "LAT", label, op, (end - start) / 1000; next }
    down = 0
    for (i = 1; i <= nw[label]; i++) {
      split(w[label, i], a, " ")
      if (start <= a[2] && end >= a[1]) { down = 1; break }
    }
    if (down) fd[key]++; else fo[key]++
  }
  END { for (k in n) print "CNT", k, n[k], fd[k] + 0, fo[k] + 0 }' "$out/ops.log" >"$run/stats"
# "LABEL OP P50 P99" in milliseconds
grep '^LAT' "$run/stats" | awk '{ print $2, $3, $4 }' | sort -k1,1 -k2,2 -k3,3n |
  awk '{ k = $1 " " $2; v[k, ++c[k]] = $3 }
    END { for (k in c) print k, v[k, int((c[k] - 1) * 0.5) + 1], v[k, int((c[k] - 1) * 0.99) + 1] }' >"$run/lat"

# The status of every request airlock answered, from its access log.
grep -oE '" [0-9]{3} [0-9]+ [0-9]+ms "' "$run/airlock/serve.log" | awk '{ print $2 }' >"$run/airlock/statuses" || true

report() {
  echo "Soak of $minutes min: $clients clients per registry, $events kill -9 restarts of each server"
  echo "(one in three followed by a garbage collection, some of those killed too), loopback, $(nproc) cores."
  echo
  printf '%-9s %-9s %7s %11s %8s %10s %10s\n' registry op ops "fail(down)" "fail" "p50 ms" "p99 ms"
  for op in push-new re-push pull manifest tag delete chunked bundle; do
    for label in airlock docker; do
      read -r _ _ _ cnt fdown fother < <(grep "^CNT $label $op " "$run/stats" || echo "CNT $label $op 0 0 0")
      read -r _ _ p50 p99 < <(grep "^$label $op " "$run/lat" || echo "$label $op - -")
      [[ $p50 == - ]] || { p50=$(printf '%.0f' "$p50"); p99=$(printf '%.0f' "$p99"); }
      printf '%-9s %-9s %7d %11d %8d %10s %10s\n' "$([[ $label == docker ]] && echo docker-r || echo airlock)" \
        "$op" "$cnt" "$fdown" "$fother" "$p50" "$p99"
    done
  done
  for label in airlock docker; do
    awk -v l="$label" '$1 == "CNT" && $2 == l { n += $4; d += $5; o += $6 } END {
      printf "%s: %d operations, %.2f%% failed while the server was down or restarting, %.2f%% failed otherwise\n",
        (l == "docker" ? "docker-registry" : "airlock"), n, 100 * d / (n ? n : 1), 100 * o / (n ? n : 1) }' \
      "$run/stats"
  done
  for label in airlock docker; do
    awk -v name="$([[ $label == docker ]] && echo docker-registry || echo airlock)" -v l="$label" '
      $1 == l { n++; s = ($4 - $3) / 1e6; t += s; if (s > m) m = s }
      END { if (n) printf "%s: from kill -9 to answering again (a garbage collection and a pause of 0-2 s included): %.1f s on average, at most %.1f s\n", name, t / n, m }' \
      "$out/downtime.log"
  done
  echo "(fail(down): operations that overlapped that window; fail: all others.)"
  echo
  echo "Memory and open files (sampled every second from /proc):"
  for label in airlock docker; do
    awk -v l="$label" -v name="$([[ $label == docker ]] && echo docker-registry || echo airlock)" '
      $2 == l {
        p = $3
        if (!(p in first)) { first[p] = $1; order[++lives] = p }
        if ($4 > max) max = $4
        if ($4 > lifemax[p]) lifemax[p] = $4
        if (idle == "") idle = $5
        if ($5 > maxfd) maxfd = $5
        endfd = $5
      }
      END {
        printf "  %s: RSS at most %d MB; the most of each life in turn (MB):", name, max / 1024
        for (i = 1; i <= lives; i++) printf " %d", lifemax[order[i]] / 1024
        printf "\n  %s: open fds %d at rest before the load, %d at rest after, at most %d\n",
          name, idle, endfd, maxfd
      }' "$out/samples.log"
  done
  echo "  airlock after the load, a full garbage collection: live heap $live_heap, RSS $al_rss_end"
  echo
  echo "Integrity (every tag pulled, every manifest and blob checked against its digest):"
  for label in airlock docker; do
    local name=$label
    [[ $label == docker ]] && name=docker-registry
    echo "  $name served after the soak: ${walk1[$label]}"
    echo "  $name served after a garbage collection: ${walk2[$label]}"
    echo "  $name upload sessions left: ${uploads_before[$label]}"
  done
  echo "  airlock store on disk: ${store1[airlock]}"
  echo "  airlock store after 'registry gc --upload-max-age 0': $store2 (uploads left: ${uploads_after[airlock]})"
  echo "  failed pushes (a session may be left by each): $(echo "$failed_pushes" | tr '\n' ' ')"
  echo "  airlock answered $(wc -l <"$run/airlock/statuses") requests, $(grep -c '^5' "$run/airlock/statuses") with a 5xx status"
  echo
  echo "Plot: $out/soak.png; problems, if any: $out/problems-*.txt; operations: $out/ops.log"
}
report | tee "$out/summary.txt"

# ------------------------------------------------------------------ plot
for label in airlock docker; do
  # a blank line between two lives of a server: gnuplot does not join them
  awk -v l="$label" '$2 == l { if (p != "" && $3 != p) print ""; p = $3; print $1, $4 / 1024, $5 }' \
    "$out/samples.log" >"$run/$label.dat"
done
{
  echo "set terminal png size 1000,700 font ',10'"
  echo "set output '$out/soak.png'"
  echo "set multiplot layout 2,1 title 'Soak: $minutes min, $clients clients per registry, kill -9 at the grey lines'"
  echo "set grid; set key top left; set xlabel 'seconds'"
  awk -v t0="$t0_us" '$1 == "airlock" { x = ($3 - t0) / 1000000; printf "set arrow from %.1f, graph 0 to %.1f, graph 1 nohead lc rgb \"#bbbbbb\"\n", x, x }' \
    "$out/downtime.log"
  echo "set ylabel 'RSS (MB)'"
  echo "plot '$run/airlock.dat' using 1:2 with lines lw 2 title 'airlock serve (-Xmx256m)', '$run/docker.dat' using 1:2 with lines lw 2 title 'docker-registry'"
  echo "set ylabel 'open file descriptors'"
  echo "plot '$run/airlock.dat' using 1:3 with lines lw 2 title 'airlock serve', '$run/docker.dat' using 1:3 with lines lw 2 title 'docker-registry'"
  echo "unset multiplot"
} >"$run/plot.gp"
gnuplot "$run/plot.gp"

# ------------------------------------------------------------------ verdict
fail=0
for f in "$out"/problems-airlock-*.txt; do
  [[ -s $f ]] && { echo "FAIL: $(wc -l <"$f") problem(s) in $f" >&2; fail=1; }
done
others=$(awk '$2 == "airlock" { o += $6 } END { print o + 0 }' <(grep '^CNT' "$run/stats"))
((others == 0)) || { echo "FAIL: $others airlock operation(s) failed while the server was up (see $out/ops.log)" >&2; fail=1; }
errors5xx=$(grep -c '^5' "$run/airlock/statuses" || true)
((errors5xx == 0)) || { echo "FAIL: airlock answered $errors5xx request(s) with a 5xx status (see $out/airlock-serve.log)" >&2; fail=1; }
((${uploads_after[airlock]} == 0)) || { echo "FAIL: upload sessions left after gc" >&2; fail=1; }
for label in airlock docker; do cp "$run/$label/serve.log" "$out/$label-serve.log" 2>/dev/null || true; done
for f in "$run"/scratch-*/err; do
  w=${f%/err}
  cp "$f" "$out/client-errors-${w##*/scratch-}.txt"
done
((fail == 0)) && echo "PASS: nothing lost, nothing leaked, no failure while the server was up"
exit "$fail"
