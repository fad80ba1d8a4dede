# Builds the lab's images from source into $IMAGES (sourced by testlab/lab): static C with musl,
# packed as OCI image layout archives that `ctr images import` reads. Nothing is pulled.
#   airlock-testlab.local/pause:1    the pod sandbox (containerd's sandbox_image)
#   airlock-testlab.local/labtool:1  the test program (labtool.c: serve, cat, sleep)

PAUSE_IMAGE=airlock-testlab.local/pause:1
LABTOOL_IMAGE=airlock-testlab.local/labtool:1

# oci_blob DIR FILE: moves FILE into DIR/blobs/sha256 under its digest; prints "DIGEST SIZE".
oci_blob() {
  local d
  d=$(sha256sum "$2" | cut -d' ' -f1)
  mkdir -p "$1/blobs/sha256"
  echo "sha256:$d $(stat -c %s "$2")"
  mv "$2" "$1/blobs/sha256/$d"
}

# oci_image OUT NAME BINARY ENTRYPOINT_JSON: a one-layer image of BINARY (at / under its own name)
# and /tmp, reproducible (fixed times and owners), as an OCI image layout archive in OUT.
oci_image() {
  local out=$1 name=$2 binary=$3 entrypoint=$4 work root layout
  work=$(mktemp -d "$IMAGES/.build.XXXXXX")
  root=$work/rootfs layout=$work/layout
  mkdir -p "$root/tmp" "$layout"
  chmod 1777 "$root/tmp"
  install -m 0755 "$binary" "$root/$(basename "$binary")"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/layer.tar" .
  local diff layer config manifest
  # shellcheck disable=SC2207 # each holds "DIGEST SIZE"
  diff=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  gzip -n -9 "$work/layer.tar"
  layer=($(oci_blob "$layout" "$work/layer.tar.gz"))
  printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":%s,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$entrypoint" "$diff" >"$work/config.json"
  config=($(oci_blob "$layout" "$work/config.json"))
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%s}]}' \
    "${config[0]}" "${config[1]}" "${layer[0]}" "${layer[1]}" >"$work/manifest.json"
  manifest=($(oci_blob "$layout" "$work/manifest.json"))
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "${manifest[0]}" "${manifest[1]}" "$name" "${name##*:}" >"$layout/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$layout" -cf "$out.tmp" .
  mv "$out.tmp" "$out"
  rm -rf "$work"
}

build_images() {
  need musl-gcc musl-tools
  local key src=$TESTLAB/images
  key=$(cat "$src"/*.c "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)
  [[ -f $IMAGES/.key && $(<"$IMAGES/.key") == "$key" ]] && return 0
  mkdir -p "$IMAGES"
  rm -f "$IMAGES/.key"
  local p
  for p in pause labtool; do
    musl-gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static -s -o "$IMAGES/$p" "$src/$p.c" ||
      die "$src/$p.c does not compile (see the compiler's messages above)"
  done
  oci_image "$IMAGES/pause.tar" "$PAUSE_IMAGE" "$IMAGES/pause" '["/pause"]'
  oci_image "$IMAGES/labtool.tar" "$LABTOOL_IMAGE" "$IMAGES/labtool" '["/labtool"]'
  rm -f "$IMAGES/pause" "$IMAGES/labtool"
  echo "$key" >"$IMAGES/.key"
  log "built the images $PAUSE_IMAGE and $LABTOOL_IMAGE"
}
