#!/usr/bin/env bash
# Benchmark: airlock install on the project's test lab (testlab/, a real node), mode nodeport, with a
# 1 GB sample bundle: the time of every step, the seed (payload MB, seconds from its first object to
# the registry Ready), the push through Airlock's tunnel against, in the same run and into the same
# registry, a direct push to a NodePort of its push endpoint (airlock push) and what peers do:
# kubectl port-forward + skopeo copy image by image; then the re-push with everything present.
#
#   bench/install.sh               # 1 GB bundles
#   SIZE_GB=0.3 bench/install.sh   # smaller
#   KEEP=1 bench/install.sh        # keep the work directory (reports, logs)
#
# Each push gets a bundle of its own (same size and shape, another seed), so none finds the blobs of
# another in the registry. Throughput is the bundle's distinct bytes over the push's own time: the
# push engine's for Airlock (tunnel, direct: no JVM start, every manifest read back), the wall time
# of the skopeo loop with one port-forward for all images (the peer's best case: a port-forward per
# image is slower still; skopeo copies images only, the few KB of charts are left out). The first
# install's push meets a registry JVM that has just started (its JIT still compiling); the ratios
# use a second install of a fourth bundle, after the direct and the peer's pushes, so that all
# three meet the same warm registry. Each push's CPU seconds per process (the lab's API server,
# kubelet and containerd, the registry pod's JVM, the commands this script ran) show where the
# time goes on a machine where all of them share the same cores.
# Targets (issue 19): tunnel >= 0.8x direct and >= 2x kubectl + skopeo; re-push < 2 s; registry
# Ready within 60 s of the seed's first object.
#
# Needs: root (the lab's node), testlab/lab build done (.ci/deps), skopeo, jq, a built Airlock. Takes
# the node lock (/var/tmp/airlock-node.lock) like the tests: it waits while another run holds it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
here="$ROOT"
airlock="$AIRLOCK"
lab="$here/testlab/lab"
SIZE_GB=${SIZE_GB:-1}
IMAGES=${IMAGES:-20}
NS=airlock-system
work="${BENCH_DIR:-$(mktemp -d /var/tmp/airlock-bench-install.XXXXXX)}"
pf_pid=""
cleanup() {
  if [[ -n $pf_pid ]]; then kill "$pf_pid" 2>/dev/null || true; fi
  "$lab" down --state "$work/lab" >/dev/null 2>&1 || true
  if [[ -z ${KEEP:-} ]]; then rm -rf "$work"; else echo "work directory kept: $work"; fi
}
trap cleanup EXIT

for tool in skopeo jq; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (sudo apt-get install $tool)" >&2; exit 2; }
done
[[ $(id -u) == 0 ]] || { echo "error: the lab's node needs root" >&2; exit 2; }
ensure_built

make_bundle() { # DIR SEED
  local layer_mb
  # Layers: 2 shared bases + one own layer per image, two for the multi-arch first image.
  layer_mb=$(awk -v gb="$SIZE_GB" -v n="$IMAGES" 'BEGIN { printf "%.2f", gb * 1000 / (n + 3) }')
  "$airlock" sample-bundle "$1" --images "$IMAGES" --layer-mb "$layer_mb" --seed "$2" -q >/dev/null
}

echo "== airlock install benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), work dir $work)"
make_bundle "$work/bundle-tunnel" 41
make_bundle "$work/bundle-direct" 42
make_bundle "$work/bundle-peer" 43
make_bundle "$work/bundle-tunnel2" 44
"$airlock" inspect --json "$work/bundle-tunnel" >"$work/tunnel.json"
"$airlock" inspect --json "$work/bundle-peer" >"$work/peer.json"
bytes=$(jq '.bundle.sizeBytes' "$work/tunnel.json")
echo "bundles: 4 x $IMAGES images + charts, $(awk -v b="$bytes" 'BEGIN{printf "%.2f GB", b/1e9}') distinct content each"

t0=$(now)
"$lab" up --state "$work/lab" --node --owner $$ >/dev/null 2>"$work/lab-up.log"
echo "lab with a node up in $(secs "$t0" "$(now)") s"
set -a; source "$work/lab/lab.env"; set +a
kubectl() { "$KUBECTL" --kubeconfig "$KUBECONFIG" "$@"; }

# CPU seconds so far of the lab's API server, kubelet and containerd, the registry pod's JVM and this
# script's finished children (the airlock commands, skopeo, kubectl), one "name seconds" a line.
node_pids=${AIRLOCK_TESTLAB_CACHE:-/var/tmp/airlock-testlab}/node/pids
tick=$(getconf CLK_TCK)
cpu_of() { # PID -> user+system seconds
  awk -v t="$tick" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_snapshot() {
  local p
  echo "kube-apiserver $(cpu_of "$(cat "$work/lab/pids/kube-apiserver.pid")")"
  echo "kubelet $(cpu_of "$(cat "$node_pids/kubelet.pid")")"
  echo "containerd $(cpu_of "$(cat "$node_pids/containerd.pid")")"
  for p in $(pgrep -f RegistryImageMain); do
    grep -q kubepods "/proc/$p/cgroup" 2>/dev/null && echo "registry-pod $(cpu_of "$p")"
  done
  times >"$work/times" # not in a pipe: a subshell has no children of its own
  awk 'NR == 2 { gsub(/[ms]/, " "); printf "commands %.2f\n", $1 * 60 + $2 + $3 * 60 + $4 }' "$work/times"
}
cpu_delta() { # BEFORE AFTER -> "name s/GB, ..." per GB of the bundle
  awk -v gb="$(awk -v b="$bytes" 'BEGIN { print b / 1e9 }')" 'NR == FNR { a[$1] = $2; next }
    { printf "%s%s %.1f", sep, $1, ($2 - a[$1]) / gb; sep = ", " } END { print "" }' "$1" "$2"
}

airlock_install() { # BUNDLE LOG
  "$airlock" install "$1" --insecure-skip-verify --mode nodeport --kubeconfig "$KUBECONFIG" \
    --work-dir "$work/airlock-work" --report-dir "$work/reports" \
    --storage-node-path "$work/registry-data" >"$2.out" 2>"$2.err" ||
    { echo "error: airlock install failed (exit $?):" >&2; tail -30 "$2.err" >&2; return 1; }
}
latest_report() { ls -t "$work"/reports/*.json | head -1; }

t0=$(now)
airlock_install "$work/bundle-tunnel" "$work/install1"
install_s=$(secs "$t0" "$(now)")
r1=$(latest_report)
t0=$(now)
airlock_install "$work/bundle-tunnel" "$work/install2"
again_s=$(secs "$t0" "$(now)")
r2=$(latest_report)

echo
echo "airlock install (first run): $install_s s, JVM start included; per step:"
jq -r '.steps[] | "  \(.name | .+ "                 " | .[0:16]) \(.seconds | tostring | .[0:6]) s  \(.detail | .[0:110])"' "$r1"
payload=$(jq -r '.steps[] | select(.name=="seed") | .detail' "$r1" | grep -oE 'serves [0-9.]+ [KMG]B' | cut -d' ' -f2-)
seed_s=$(jq '[.steps[] | select(.name=="seed" or .name=="registry") | .seconds] | add' "$r1")
tunnel_s=$(jq '.push.seconds' "$r1")
echo "seed: payload $payload; registry Ready $(printf '%.1f' "$seed_s") s after the seed's first object (target < 60 s)"
tunnel_cold_s=$tunnel_s

# The same registry's push endpoint behind a NodePort of the benchmark's own, for a direct push.
kubectl -n "$NS" expose deployment airlock-registry --name bench-push --type NodePort \
  --port 5001 --target-port 5001 >/dev/null
node_port=$(kubectl -n "$NS" get svc bench-push -o jsonpath='{.spec.ports[0].nodePort}')
user=$(kubectl -n "$NS" get secret airlock-registry-auth -o jsonpath='{.data.username}' | base64 -d)
pass=$(kubectl -n "$NS" get secret airlock-registry-auth -o jsonpath='{.data.password}' | base64 -d)
mkdir -p "$work/certs"
kubectl -n "$NS" get secret airlock-proxy-tls -o jsonpath='{.data.ca\.crt}' | base64 -d >"$work/certs/ca.crt"
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$node_port") 2>/dev/null && break; sleep 0.2; done
cpu_snapshot >"$work/cpu-direct.0"
printf '%s' "$pass" | "$airlock" push "$work/bundle-direct" --registry "127.0.0.1:$node_port" \
  --ca-file "$work/certs/ca.crt" --username "$user" --password-stdin --verify --json-progress \
  --work-dir "$work/airlock-work" >"$work/direct.json" 2>"$work/direct.err" ||
  { echo "error: the direct push failed:" >&2; tail -20 "$work/direct.err" >&2; exit 1; }
direct_s=$(jq '.elapsedMillis / 1000' "$work/direct.json")
cpu_snapshot >"$work/cpu-direct.1"

# What peers do: kubectl port-forward to the push endpoint, skopeo copy image by image.
pf_port=$(free_port)
kubectl -n "$NS" port-forward svc/airlock-registry-push "$pf_port:5001" >"$work/port-forward.log" 2>&1 &
pf_pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$pf_port") 2>/dev/null && break; sleep 0.2; done
cpu_snapshot >"$work/cpu-peer.0"
t0=$(now)
while IFS=$'\t' read -r ref source media; do
  if tar tf "$work/bundle-peer/$source" oci-layout >/dev/null 2>&1; then src="oci-archive:$work/bundle-peer/$source"; else src="docker-archive:$work/bundle-peer/$source"; fi
  all=()
  [[ $media == *index* || $media == *list* ]] && all=(--all)
  skopeo copy --quiet --dest-creds "$user:$pass" --dest-cert-dir "$work/certs" "${all[@]}" \
    "$src" "docker://127.0.0.1:$pf_port/$ref"
done < <(jq -r '.images[] | [.ref, .source, .mediaType] | @tsv' "$work/peer.json")
peer_s=$(secs "$t0" "$(now)")
kill "$pf_pid" 2>/dev/null || true
wait "$pf_pid" 2>/dev/null || true
pf_pid=""
cpu_snapshot >"$work/cpu-peer.1"

# Through the tunnel again, now that the registry is as warm as for the two pushes above.
cpu_snapshot >"$work/cpu-tunnel.0"
airlock_install "$work/bundle-tunnel2" "$work/install3"
cpu_snapshot >"$work/cpu-tunnel.1"
r3=$(latest_report)
tunnel_s=$(jq '.push.seconds' "$r3")

tunnel_mbps=$(mbps "$bytes" "$tunnel_s")
tunnel_cold_mbps=$(mbps "$bytes" "$tunnel_cold_s")
direct_mbps=$(mbps "$bytes" "$direct_s")
peer_mbps=$(mbps "$bytes" "$peer_s")
echo
printf '%-52s %9s %8s\n' "push of $(mb "$bytes") MB" "seconds" "MB/s"
printf '%-52s %9s %8s\n' "airlock install: through Airlock's tunnel, first push" "$tunnel_cold_s" "$tunnel_cold_mbps"
printf '%-52s %9s %8s\n' "airlock install: through Airlock's tunnel, warm" "$tunnel_s" "$tunnel_mbps"
printf '%-52s %9s %8s\n' "airlock push: direct to a NodePort" "$direct_s" "$direct_mbps"
printf '%-52s %9s %8s\n' "kubectl port-forward + skopeo copy, image by image" "$peer_s" "$peer_mbps"
echo
echo "tunnel / direct:           $(ratio "$tunnel_mbps" "$direct_mbps")x   (target >= 0.8x)"
echo "tunnel / kubectl + skopeo: $(ratio "$tunnel_mbps" "$peer_mbps")x   (target >= 2x)"
echo "CPU seconds per GB pushed (the tunnel's: its whole airlock install, preflight included):"
echo "  tunnel:           $(cpu_delta "$work/cpu-tunnel.0" "$work/cpu-tunnel.1")"
echo "  direct:           $(cpu_delta "$work/cpu-direct.0" "$work/cpu-direct.1")"
echo "  kubectl + skopeo: $(cpu_delta "$work/cpu-peer.0" "$work/cpu-peer.1")"
echo "re-run with everything present: push step $(jq '.steps[] | select(.name=="push") | .seconds' "$r2") s (target < 2 s);" \
  "whole command $again_s s ($(jq -r '[.steps[] | "\(.name) \(.seconds)"] | join(", ")' "$r2"))"

kubectl -n "$NS" delete svc bench-push >/dev/null
t0=$(now)
"$airlock" uninstall --kubeconfig "$KUBECONFIG" >"$work/uninstall.out" 2>&1
echo "airlock uninstall: $(secs "$t0" "$(now)") s"
