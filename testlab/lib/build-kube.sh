# Builds the Kubernetes binaries from Debian's `kubernetes` source package into $BIN (sourced by
# testlab/lab). Rebuilt only when the source package, a patch or this file changes; the Go build
# cache stays in the source tree's _output, so a patch change rebuilds only what it touches.

KUBE_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

# kube_source_dsc: the .dsc of the source package apt offers now (downloaded once into $CACHE/dl).
kube_source_dsc() {
  local dl=$CACHE/dl version have
  version=$(apt-cache showsrc --only-source kubernetes 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1)
  have=$(find "$dl" -maxdepth 1 -name 'kubernetes_*.dsc' 2>/dev/null | sort -V | tail -1)
  if [[ -z $version ]]; then
    [[ -n $have ]] || die "apt knows no source package 'kubernetes': the machine needs a deb-src entry (.ci/deps writes one from its apt sources, then runs apt-get update)"
    echo "$have" # offline: keep what was downloaded before
    return
  fi
  local want=$dl/kubernetes_${version#*:}.dsc
  if [[ ! -f $want ]]; then
    need dpkg-source dpkg-dev
    log "downloading the source package kubernetes $version"
    rm -rf "$dl" && mkdir -p "$dl"
    (cd "$dl" && apt-get source --download-only kubernetes="$version" >&2) ||
      die "apt-get source kubernetes=$version failed (is the deb-src entry there? .ci/deps writes it)"
  fi
  echo "$want"
}

# How the binaries are made: a change here (or of the Go toolchain) rebuilds them.
KUBE_RECIPE="make CGO_ENABLED=0 GOPROXY=off WHAT=${KUBE_CMDS[*]}; reflect2 from Debian"

# kube_key DSC: what the binaries depend on: the source package, the patches, the recipe, Go.
kube_key() {
  {
    cat "$1" "$TESTLAB"/patches/*.patch /usr/share/gocode/src/github.com/modern-go/reflect2/*.go
    echo "$KUBE_RECIPE"
    go version
  } | sha256sum | cut -c1-16
}

kube_built() { # KEY
  [[ -f $BIN/.key && $(<"$BIN/.key") == "$1" ]] || return 1
  local c
  for c in "${KUBE_CMDS[@]}"; do [[ -x $BIN/$c ]] || return 1; done
}

# kube_prepare DSC: a fresh, patched tree in $CACHE/src, keeping the previous tree's build cache.
kube_prepare() {
  local src=$CACHE/src keep=$CACHE/src.output
  rm -rf "$keep" "$src.new"
  [[ -d $src/_output ]] && mv "$src/_output" "$keep"
  rm -rf "$src"
  dpkg-source --no-check -x "$1" "$src.new" >/dev/null || die "dpkg-source could not unpack $1"
  rm -f "$CACHE"/kubernetes_* # dpkg-source copies the source files beside the tree it unpacks
  # Go >= 1.18 with the vendored reflect2 1.0.1 crashes the API server on its first map
  # (fault in mapiterinit); Debian's reflect2 1.0.2 is API-compatible and works.
  local r2=/usr/share/gocode/src/github.com/modern-go/reflect2
  [[ -d $r2 ]] || die "$r2 is missing: apt-get install golang-github-modern-go-reflect2-dev"
  rm -f "$src.new"/vendor/github.com/modern-go/reflect2/*.go "$src.new"/vendor/github.com/modern-go/reflect2/*.s
  cp "$r2"/*.go "$r2"/*.s "$src.new"/vendor/github.com/modern-go/reflect2/
  local p
  for p in "$TESTLAB"/patches/*.patch; do
    patch -s -p1 -d "$src.new" <"$p" || die "the patch $p does not apply to $1"
  done
  [[ -d $keep ]] && mv "$keep" "$src.new/_output"
  mv "$src.new" "$src"
}

build_kube() {
  need go golang-go
  need make make
  need rsync rsync
  need patch patch
  local dsc key
  dsc=$(kube_source_dsc)
  key=$(kube_key "$dsc")
  kube_built "$key" && return 0
  local t0=$SECONDS whats=()
  local c
  for c in "${KUBE_CMDS[@]}"; do whats+=("cmd/$c"); done
  log "building ${KUBE_CMDS[*]} from $(basename "$dsc" .dsc) (about 10 minutes on 2 cores the first time); log: $CACHE/build-kube.log"
  kube_prepare "$dsc"
  # GOPATH mode, as Debian's rules build it; nothing is fetched (GOPROXY=off).
  if ! (cd "$CACHE/src" && env GOPROXY=off GOFLAGS= GO111MODULE= CGO_ENABLED=0 HOME="$CACHE/home" \
    make WHAT="${whats[*]}") >"$CACHE/build-kube.log" 2>&1; then
    tail -30 "$CACHE/build-kube.log" >&2
    die "building Kubernetes failed; the whole log: $CACHE/build-kube.log"
  fi
  mkdir -p "$BIN"
  rm -f "$BIN/.key"
  for c in "${KUBE_CMDS[@]}"; do
    cp "$CACHE/src/_output/bin/$c" "$BIN/$c.tmp" && mv "$BIN/$c.tmp" "$BIN/$c"
  done
  echo "$key" >"$BIN/.key"
  log "built Kubernetes in $((SECONDS - t0)) s"
}
