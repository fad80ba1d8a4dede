#!/usr/bin/env bash
# Measures the node programs against the reference registry on the same data, in the same run:
#   1. injector start: checking every chunk's SHA-256 of the payload (MB/s), against sha256sum
#   2. pulls (skopeo copy --all) from the injector vs from Debian's docker-registry (plain HTTP)
#   3. pulls through airlock-proxy (mutual TLS to the registry) vs straight from the registry (mTLS)
# Usage: bench/node-programs.sh [LAYER_MB]   (default 32; 4 images, 7 distinct layers)
# Needs the built tree (built here if missing), skopeo, docker-registry, openssl (.ci/deps).
source "$(dirname "$0")/lib.sh"
layer_mb=${1:-32}
ensure_built
native="$ROOT/node/target/native"
[[ -x $native/injector-linux-amd64 && -x $native/proxy-linux-amd64 ]] ||
  { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }

work=$(mktemp -d "$WORK/node-programs.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
wait_port() { for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

echo "== data: 4 images, ${layer_mb} MB layers (airlock sample-bundle, OCI layout)"
"$AIRLOCK" sample-bundle -q "$work/sample.tar" --format oci-layout --images 4 --layer-mb "$layer_mb" >/dev/null 2>&1
size=$(stat -c %s "$work/sample.tar")
mkdir "$work/chunks"
split -b 786432 -d -a 4 "$work/sample.tar" "$work/chunks/payload-"
(cd "$work/chunks" && sha256sum payload-* >"$work/sums")
refs=$(tar -xOf "$work/sample.tar" index.json | python3 -c 'import json,sys; [print(m["annotations"]["org.opencontainers.image.ref.name"]) for m in json.load(sys.stdin)["manifests"] if "airlock-samples" in m["annotations"]["org.opencontainers.image.ref.name"]]')
echo "   payload $((size / 1048576)) MiB in $(ls "$work/chunks" | wc -l) chunks"

echo "== 1. checking the payload"
t0=$(now); (cd "$work/chunks" && sha256sum -c --quiet "$work/sums"); t1=$(now)
"$native/injector-linux-amd64" --check --payload "$work/chunks" --sums "$work/sums" >/dev/null 2>&1; t2=$(now)
peer=$(secs "$t0" "$t1"); ours=$(secs "$t1" "$t2")
printf '   sha256sum -c      %6.2f s  %7.1f MB/s\n' "$peer" "$(echo "$size / 1000000 / $peer" | bc -l)"
printf '   injector --check  %6.2f s  %7.1f MB/s   (ratio injector/sha256sum time: %.2f)\n' \
  "$ours" "$(echo "$size / 1000000 / $ours" | bc -l)" "$(echo "$ours / $peer" | bc -l)"

registry_config() { # PORT DIR [tls lines...]
  local port=$1 dir=$2; shift 2
  mkdir -p "$dir"
  { printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' "$dir/data" "$port"
    for line in "$@"; do printf '%s\n' "$line"; done; } >"$dir/config.yml"
}

pull_all() { # HOST:PORT OUTDIR FLAGS...
  local host=$1 out=$2; shift 2
  rm -rf "$out"; mkdir -p "$out"
  local i=0
  for ref in $refs; do
    local repo=${ref#*/}
    skopeo copy --quiet --all "$@" "docker://$host/$repo" "dir:$out/$i"
    i=$((i + 1))
  done
}

echo "== 2. pulls: injector vs docker-registry (plain HTTP, loopback)"
ip=$(free_port)
"$native/injector-linux-amd64" --payload "$work/chunks" --sums "$work/sums" --listen "127.0.0.1:$ip" 2>"$work/injector.log" &
pids+=($!)
rp=$(free_port)
registry_config "$rp" "$work/reg"
docker-registry serve "$work/reg/config.yml" >"$work/reg/log" 2>&1 &
pids+=($!)
wait_port "$ip"; wait_port "$rp"
for ref in $refs; do
  skopeo copy --quiet --all --dest-tls-verify=false "oci-archive:$work/sample.tar:$ref" "docker://127.0.0.1:$rp/${ref#*/}"
done
t0=$(now); pull_all "127.0.0.1:$rp" "$work/out-reg" --src-tls-verify=false; t1=$(now)
pull_all "127.0.0.1:$ip" "$work/out-inj" --src-tls-verify=false; t2=$(now)
peer=$(secs "$t0" "$t1"); ours=$(secs "$t1" "$t2")
printf '   docker-registry   %6.2f s\n   injector          %6.2f s   (ratio injector/registry time: %.2f)\n' \
  "$peer" "$ours" "$(echo "$ours / $peer" | bc -l)"

echo "== 3. pulls: through airlock-proxy (mTLS) vs straight from the registry (mTLS)"
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=ca -keyout ca.key -out ca.crt 2>/dev/null
for n in server client; do
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$n" -keyout $n.key -out $n.csr 2>/dev/null
done
printf 'subjectAltName=IP:127.0.0.1\n' >server.ext
printf 'extendedKeyUsage=clientAuth\n' >client.ext
for n in server client; do
  openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile $n.ext -out $n.crt 2>/dev/null
done
mkdir certs && cp ca.crt certs/ && cp client.crt certs/client.cert && cp client.key certs/client.key
cd - >/dev/null
tp=$(free_port)
registry_config "$tp" "$work/treg" "  tls:" "    certificate: $work/server.crt" "    key: $work/server.key" \
  "    clientcas:" "      - $work/ca.crt"
docker-registry serve "$work/treg/config.yml" >"$work/treg/log" 2>&1 &
pids+=($!)
pp=$(free_port)
"$native/proxy-linux-amd64" --listen "127.0.0.1:$pp" --upstream "127.0.0.1:$tp" --ca "$work/ca.crt" \
  --cert "$work/client.crt" --key "$work/client.key" 2>"$work/proxy.log" &
pids+=($!)
wait_port "$tp"; wait_port "$pp"
for ref in $refs; do
  skopeo copy --quiet --all --dest-cert-dir "$work/certs" "oci-archive:$work/sample.tar:$ref" "docker://127.0.0.1:$tp/${ref#*/}"
done
t0=$(now); pull_all "127.0.0.1:$tp" "$work/out-tls" --src-cert-dir "$work/certs"; t1=$(now)
pull_all "127.0.0.1:$pp" "$work/out-proxy" --src-tls-verify=false; t2=$(now)
peer=$(secs "$t0" "$t1"); ours=$(secs "$t1" "$t2")
printf '   registry (mTLS)   %6.2f s\n   through proxy     %6.2f s   (ratio proxy/direct time: %.2f)\n' \
  "$peer" "$ours" "$(echo "$ours / $peer" | bc -l)"
diff -r "$work/out-tls" "$work/out-proxy" >/dev/null && diff -r "$work/out-reg" "$work/out-inj" >/dev/null &&
  echo "== every pull gave the same bytes"
