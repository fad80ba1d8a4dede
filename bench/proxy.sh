#!/usr/bin/env bash
# Benchmark: the node proxy of mode hostport (issue 20) on the project's test lab (testlab/, a real
# node). One airlock install --mode hostport of a ~1 GB sample bundle, then, in the same run, the
# node's containerd pulls every image of the bundle twice, each time from an empty store:
#   proxy:  http://127.0.0.1:5000, the hostPort of airlock-proxy (mutual TLS to the registry)
#   direct: https://CLUSTER_IP:5443, the registry's Service itself, with the proxy's client
#           certificate (skip_verify: the certificate names the Service, not its address)
# and prints the ratio of their throughput (target >= 0.8x). Also the seed phase: seconds from the
# seed's first object to the injector DaemonSet Ready (host network, seed 000), and to the registry
# Ready (from the install's report).
#
#   bench/proxy.sh                  # ~1 GB bundle
#   SIZE_GB=0.3 bench/proxy.sh      # smaller
#   ROUNDS=2 bench/proxy.sh         # proxy, direct, direct, proxy: the order evened out
#   KEEP=1 bench/proxy.sh           # keep the work directory
#
# Needs: root (the lab's node), testlab/lab build done (.ci/deps), jq, a built Airlock. Takes the
# node lock (/var/tmp/airlock-node.lock) through testlab/lab like the tests.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
here="$ROOT"
airlock="$AIRLOCK"
lab="$here/testlab/lab"
SIZE_GB=${SIZE_GB:-1}
IMAGES=${IMAGES:-10}
ROUNDS=${ROUNDS:-1}
NS=airlock-system
work="${BENCH_DIR:-$(mktemp -d /var/tmp/airlock-bench-proxy.XXXXXX)}"
cleanup() {
  "$lab" down --state "$work/lab" >/dev/null 2>&1 || true
  if [[ -z ${KEEP:-} ]]; then rm -rf "$work"; else echo "work directory kept: $work"; fi
}
trap cleanup EXIT

command -v jq >/dev/null || { echo "error: jq is missing (sudo apt-get install jq)" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "error: the lab's node needs root" >&2; exit 2; }
ensure_built

echo "== airlock proxy benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), work dir $work)"
layer_mb=$(awk -v gb="$SIZE_GB" -v n="$IMAGES" 'BEGIN { printf "%.2f", gb * 1000 / (n + 3) }')
"$airlock" sample-bundle "$work/bundle" --images "$IMAGES" --layer-mb "$layer_mb" --seed 51 -q >/dev/null

t0=$(now)
"$lab" up --state "$work/lab" --node --owner $$ >/dev/null 2>"$work/lab-up.log"
echo "lab with a node up in $(secs "$t0" "$(now)") s"
set -a; source "$work/lab/lab.env"; set +a
kubectl() { "$KUBECTL" --kubeconfig "$KUBECONFIG" "$@"; }
node_ctr() { ctr --address "$CONTAINERD_SOCK" -n airlock-bench "$@"; }

t0=$(now)
"$airlock" install "$work/bundle" --insecure-skip-verify --mode hostport --kubeconfig "$KUBECONFIG" \
  --work-dir "$work/airlock-work" --report-dir "$work/reports" \
  --storage-node-path "$work/registry-data" >"$work/install.out" 2>"$work/install.err" ||
  { echo "error: airlock install failed (exit $?):" >&2; tail -30 "$work/install.err" >&2; exit 1; }
install_s=$(secs "$t0" "$(now)")
report=$(ls -t "$work"/reports/*.json | head -1)
echo
echo "airlock install --mode hostport: $install_s s, JVM start included; per step:"
jq -r '.steps[] | "  \(.name | .+ "                 " | .[0:16]) \(.seconds | tostring | .[0:6]) s  \(.detail | .[0:120])"' "$report"
seed_s=$(jq '.steps[] | select(.name=="seed") | .seconds' "$report")
registry_s=$(jq '.steps[] | select(.name=="registry") | .seconds' "$report")
echo "host-network seed: injector DaemonSet Ready $(printf '%.1f' "$seed_s") s after the seed step began;" \
  "registry (and proxies) Ready $(awk -v a="$seed_s" -v b="$registry_s" 'BEGIN { printf "%.1f", a + b }') s after it"

# The artifacts' paths in the registry, images only (charts are not pulled by nodes).
mapfile -t paths < <(jq -r '.push.artifacts[] | select(.name | startswith("charts/") | not) | .target | sub("^[^/]*/"; "")' "$report")
bytes=$(jq '.bundle.sizeBytes // 0' "$report")
[[ $bytes != 0 ]] || bytes=$("$airlock" inspect --json "$work/bundle" | jq '.bundle.sizeBytes')

ip=$(kubectl -n "$NS" get svc airlock-registry -o jsonpath='{.spec.clusterIP}')
mkdir -p "$work/tls" "$work/hosts-direct/$ip:5443"
for k in tls.crt tls.key; do
  kubectl -n "$NS" get secret airlock-proxy-tls -o jsonpath="{.data.${k/./\\.}}" | base64 -d >"$work/tls/$k"
done
cat >"$work/hosts-direct/$ip:5443/hosts.toml" <<EOF
server = "https://$ip:5443"
[host."https://$ip:5443"]
  capabilities = ["pull", "resolve"]
  skip_verify = true
  client = [["$work/tls/tls.crt", "$work/tls/tls.key"]]
EOF

pull_all() { # proxy|direct -> seconds
  local t refs=()
  t=$(now)
  for p in "${paths[@]}"; do
    if [[ $1 == proxy ]]; then
      node_ctr images pull --plain-http "127.0.0.1:5000/$p" >/dev/null
      refs+=("127.0.0.1:5000/$p")
    else
      node_ctr images pull --hosts-dir "$work/hosts-direct" "$ip:5443/$p" >/dev/null
      refs+=("$ip:5443/$p")
    fi
  done
  secs "$t" "$(now)"
  node_ctr images rm --sync "${refs[@]}" >/dev/null
}

proxy_s=0
direct_s=0
for ((r = 0; r < ROUNDS; r++)); do
  if ((r % 2 == 0)); then order=(proxy direct); else order=(direct proxy); fi
  for how in "${order[@]}"; do
    s=$(pull_all "$how")
    echo "  round $((r + 1)) $how: $s s"
    if [[ $how == proxy ]]; then proxy_s=$(awk -v a="$proxy_s" -v b="$s" 'BEGIN{print a+b}'); else direct_s=$(awk -v a="$direct_s" -v b="$s" 'BEGIN{print a+b}'); fi
  done
done
pulled=$(awk -v b="$bytes" -v r="$ROUNDS" 'BEGIN { print b * r }')
proxy_mbps=$(mbps "$pulled" "$proxy_s")
direct_mbps=$(mbps "$pulled" "$direct_s")
echo
printf '%-60s %9s %8s\n' "containerd pulls ${#paths[@]} images, $(mb "$bytes") MB, x$ROUNDS" "seconds" "MB/s"
printf '%-60s %9s %8s\n' "through airlock-proxy (127.0.0.1:5000, mTLS upstream)" "$proxy_s" "$proxy_mbps"
printf '%-60s %9s %8s\n' "directly from the registry's Service ($ip:5443, mTLS)" "$direct_s" "$direct_mbps"
echo "proxy / direct: $(ratio "$proxy_mbps" "$direct_mbps")x   (target >= 0.8x)"

t0=$(now)
"$airlock" uninstall --kubeconfig "$KUBECONFIG" >"$work/uninstall.out" 2>&1
echo "airlock uninstall: $(secs "$t0" "$(now)") s"
