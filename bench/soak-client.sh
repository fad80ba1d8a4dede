#!/usr/bin/env bash
# One client process of bench/soak.sh: runs a random mix of registry operations against one
# registry until a deadline, and logs each as "LABEL WORKER OP START_US END_US RC".
#
#   bench/soak-client.sh LABEL HOST:PORT WORKER SEED DEADLINE_EPOCH RUN_DIR
#
# The same SEED gives the same sequence of choices against each registry. Operations (weights):
#   pull      25  skopeo copy docker://HOST/REPO:TAG dir:... (checks every digest)
#   manifest  20  curl GET of a manifest by tag
#   push-new  20  skopeo copy of a new image (a fresh random layer on a shared base layer)
#   re-push    8  skopeo copy of an image pushed before, to the same tag
#   tag        8  curl: a manifest read by one tag and put under "latest"
#   delete     8  curl DELETE of a manifest by digest (its tags go with it)
#   chunked    6  curl: a blob uploaded in three PATCH chunks, then PUT
#   bundle     5  ./airlock push of a sample bundle under one of 16 prefixes (new, or a re-push)
# Each operation is bounded (timeout 120 s). Traffic goes to HOST only (loopback).
set -uo pipefail
label=$1 host=$2 worker=$3 seed=$4 deadline=$5 run=$6
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RANDOM=$seed
log="$run/ops-$label-$worker.log"
images="$run/images-$label-$worker"
scratch="$run/scratch-$label-$worker"
mkdir -p "$images" "$scratch"
base="http://$host/v2"
manifest_type=application/vnd.oci.image.manifest.v1+json

# Live tags this worker pushed: repo:tag -> digest; latest[repo] -> digest "latest" points to.
declare -A live=() latest=()
declare -a live_keys=()
serial=0

now_us() { echo "${EPOCHREALTIME/./}"; }
record() { echo "$label $worker $1 $2 $(now_us) $3" >>"$log"; } # op start rc

sha() { sha256sum "$1" | cut -c1-64; }

# new_image DIR: an OCI layout with one image: base layer (shared by every worker) + a new layer
# of 64 KiB to 1 MiB of random bytes.
new_image() {
  local dir=$1 b=$((RANDOM % 3)) size=$(((RANDOM % 16 + 1) * 65536)) t="$scratch/layer"
  mkdir -p "$dir/blobs/sha256" "$t"
  head -c "$size" /dev/urandom >"$t/data"
  tar -C "$t" -cf "$scratch/layer.tar" --mtime=@0 --owner=0 --group=0 data
  local diff layer lsize
  diff=$(sha "$scratch/layer.tar")
  gzip -n -1 <"$scratch/layer.tar" >"$scratch/layer.tgz"
  layer=$(sha "$scratch/layer.tgz")
  lsize=$(stat -c %s "$scratch/layer.tgz")
  mv "$scratch/layer.tgz" "$dir/blobs/sha256/$layer"
  rm -rf "$t" "$scratch/layer.tar"
  local bdigest bdiff bsize
  read -r bdigest bdiff bsize <"$run/base/$b.meta"
  ln -f "$run/base/$b.tgz" "$dir/blobs/sha256/$bdigest"
  printf '{"architecture":"amd64","os":"linux","config":{"Env":["SOAK=%s-%s-%s"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]}}' \
    "$label" "$worker" "$serial" "$bdiff" "$diff" >"$scratch/config"
  local config csize
  config=$(sha "$scratch/config")
  csize=$(stat -c %s "$scratch/config")
  mv "$scratch/config" "$dir/blobs/sha256/$config"
  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$manifest_type" "$config" "$csize" "$bdigest" "$bsize" "$layer" "$lsize" >"$scratch/manifest"
  local m msize
  m=$(sha "$scratch/manifest")
  msize=$(stat -c %s "$scratch/manifest")
  mv "$scratch/manifest" "$dir/blobs/sha256/$m"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"%s","digest":"sha256:%s","size":%s}]}' \
    "$manifest_type" "$m" "$msize" >"$dir/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
  echo "sha256:$m" >"$dir/digest"
}

skopeo_to() { # $1 oci dir, $2 repo:tag
  timeout 120 skopeo copy --quiet --dest-tls-verify=false "oci:$1" "docker://$host/$2" >>"$scratch/err" 2>&1
}

forget() { # $1 repo:tag
  unset "live[$1]"
  local keep=() k
  for k in "${live_keys[@]}"; do [[ $k == "$1" ]] || keep+=("$k"); done
  live_keys=("${keep[@]}")
}

pick() { echo "${live_keys[$((RANDOM % ${#live_keys[@]}))]}"; }

op_push_new() {
  serial=$((serial + 1))
  local repo="soak/w$worker-app$((RANDOM % 5))" tag="v$serial" dir="$images/$serial" t0 rc=0
  new_image "$dir"
  t0=$(now_us)
  skopeo_to "$dir" "$repo:$tag" || rc=$?
  record push-new "$t0" "$rc"
  if ((rc == 0)); then
    live["$repo:$tag"]=$(cat "$dir/digest")
    live_keys+=("$repo:$tag")
  fi
  # Keep the 30 newest image directories for re-pushes.
  rm -rf "${images:?}/$((serial - 30))"
}

op_re_push() {
  local key dir t0 rc=0
  key=$(pick)
  dir="$images/${key##*:v}"
  [[ -d $dir ]] || return 0
  t0=$(now_us)
  skopeo_to "$dir" "$key" || rc=$?
  record re-push "$t0" "$rc"
}

op_pull() {
  local key t0 rc=0
  key=$(pick)
  rm -rf "$scratch/pull"
  t0=$(now_us)
  timeout 120 skopeo copy --quiet --src-tls-verify=false "docker://$host/$key" "dir:$scratch/pull" \
    >>"$scratch/err" 2>&1 || rc=$?
  record pull "$t0" "$rc"
  rm -rf "$scratch/pull"
}

# curl_status METHOD URL [curl args...]: prints the HTTP status (000 when no answer); the body
# goes to $body (default /dev/null).
curl_status() {
  local method=$1 url=$2
  shift 2
  timeout 120 curl -s -o "${body:-/dev/null}" -w '%{http_code}' -X "$method" "$@" "$url" 2>/dev/null || true
}

# http_rc STATUS EXPECTED: 0 when they match, else 1000 + STATUS (1000: no answer).
http_rc() { if [[ $1 == "$2" ]]; then echo 0; else echo $((1000 + 10#${1:-0})); fi; }

op_manifest() {
  local key t0 s
  key=$(pick)
  t0=$(now_us)
  s=$(curl_status GET "$base/${key%%:*}/manifests/${key##*:}" -H "Accept: $manifest_type")
  record manifest "$t0" "$(http_rc "$s" 200)"
}

op_tag() {
  local key repo t0 s rc=0
  key=$(pick)
  repo=${key%%:*}
  t0=$(now_us)
  s=$(body="$scratch/m" curl_status GET "$base/$repo/manifests/${key##*:}" -H "Accept: $manifest_type")
  rc=$(http_rc "$s" 200)
  if ((rc == 0)); then
    s=$(curl_status PUT "$base/$repo/manifests/latest" -H "Content-Type: $manifest_type" \
      --data-binary "@$scratch/m")
    rc=$(http_rc "$s" 201)
  fi
  record tag "$t0" "$rc"
  ((rc == 0)) && latest[$repo]=${live[$key]}
  ((rc == 0)) || unset "latest[$repo]" # unknown now
}

op_delete() {
  local key repo digest t0 s rc=0
  key=$(pick)
  repo=${key%%:*}
  digest=${live[$key]}
  t0=$(now_us)
  s=$(curl_status DELETE "$base/$repo/manifests/$digest")
  rc=$(http_rc "$s" 202)
  record delete "$t0" "$rc"
  # Whatever the answer, the tag is no longer known to exist.
  forget "$key"
  if [[ ${latest[$repo]:-} == "$digest" ]]; then unset "latest[$repo]"; fi
}

op_chunked() {
  local repo="soak/w$worker-chunks" t0 rc=0 loc s sep size=$(((RANDOM % 8 + 1) * 65536)) digest
  head -c "$size" /dev/urandom >"$scratch/blob"
  digest="sha256:$(sha "$scratch/blob")"
  split -n 3 -d "$scratch/blob" "$scratch/chunk."
  t0=$(now_us)
  loc=$(timeout 120 curl -s -o /dev/null -w '%{http_code} %header{location}' -X POST "$base/$repo/blobs/uploads/" 2>/dev/null)
  if [[ ${loc%% *} == 202 ]]; then
    loc=${loc#* }
    [[ $loc == /* ]] && loc="http://$host$loc"
    local off=0 c csize
    for c in "$scratch"/chunk.*; do
      csize=$(stat -c %s "$c")
      s=$(timeout 120 curl -s -o /dev/null -w '%{http_code} %header{location}' -X PATCH \
        -H "Content-Type: application/octet-stream" -H "Content-Range: $off-$((off + csize - 1))" \
        --data-binary "@$c" "$loc" 2>/dev/null)
      rc=$(http_rc "${s%% *}" 202)
      ((rc == 0)) || break
      loc=${s#* }
      [[ $loc == /* ]] && loc="http://$host$loc"
      off=$((off + csize))
    done
    if ((rc == 0)); then
      [[ $loc == *\?* ]] && sep='&' || sep='?'
      s=$(curl_status PUT "$loc${sep}digest=$digest")
      rc=$(http_rc "$s" 201)
    fi
  else
    rc=$(http_rc "${loc%% *}" 202)
  fi
  record chunked "$t0" "$rc"
  rm -f "$scratch"/chunk.* "$scratch/blob"
}

op_bundle() {
  local t0 rc=0
  t0=$(now_us)
  timeout 120 "$here/airlock" push "$run/bundle" --registry "$host/bundle-w$worker-$((RANDOM % 16))" \
    --plain-http --work-dir "$scratch/work" >/dev/null 2>>"$scratch/err" || rc=$?
  record bundle "$t0" "$rc"
}

while (($(date +%s) < deadline)); do
  r=$((RANDOM % 100))
  if ((${#live_keys[@]} == 0)) && ((r < 89)); then
    op_push_new
    continue
  fi
  if ((r < 25)); then op_pull
  elif ((r < 45)); then op_manifest
  elif ((r < 65)); then op_push_new
  elif ((r < 73)); then op_re_push
  elif ((r < 81)); then op_tag
  elif ((r < 89)); then op_delete
  elif ((r < 95)); then op_chunked
  else op_bundle
  fi
done
