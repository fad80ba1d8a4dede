#!/usr/bin/env bash
# Builds the programs that run on cluster nodes, from source, for linux/amd64 and linux/arm64:
#   injector-linux-ARCH  C, static with musl: the seed registry (must fit one ConfigMap, < 1 MiB)
#   sample-hello-linux-ARCH  C, static with musl: the sample bundle's runnable image (a tiny HTTP server)
#   proxy-linux-ARCH     Go standard library only, CGO off: the mutual-TLS registry proxy
#   nodecfg-linux-ARCH   Go standard library only, CGO off: places and restores the nodes' mirror files
# Called by Maven (exec-maven-plugin) as: build-native.sh OUTPUT_DIR VERSION
# Every toolchain comes from Debian (.ci/deps installs them); nothing is downloaded.
set -euo pipefail

out=${1:?usage: build-native.sh OUTPUT_DIR VERSION}
version=${2:?usage: build-native.sh OUTPUT_DIR VERSION}
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
src="$(cd "$here/.." && pwd)"
injector_src="$src/c/injector"
sample_src="$src/c/sample-app"
proxy_src="$src/go/proxy"
nodecfg_src="$src/go/nodecfg"

fail() {
  echo "airlock-node: $*" >&2
  exit 1
}

# need TOOL PACKAGE WHAT: a missing toolchain fails the build naming the Debian package to install.
need() {
  command -v "$1" >/dev/null 2>&1 ||
    fail "cannot build $3: '$1' is not installed. Install it with: apt-get install $2 (.ci/deps installs every toolchain the build needs)."
}
need gcc gcc "the amd64 injector (C)"
need musl-gcc musl-tools "the amd64 injector (C, static musl)"
need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu "the arm64 injector (C cross compiler)"
need aarch64-linux-musl-gcc "musl-dev:arm64 (first: dpkg --add-architecture arm64 && apt-get update)" \
  "the arm64 injector (C, static musl)"
need go golang-go "the registry proxy (Go)"

mkdir -p "$out"
stamp="$out/.built-$version"
# Rebuild only when a source, this script or the version changed.
if [[ -f $stamp ]] && [[ -z $(find "$injector_src" "$proxy_src" "$nodecfg_src" "$sample_src" "${BASH_SOURCE[0]}" -newer "$stamp" -print -quit) ]]; then
  exit 0
fi
rm -f "$out"/.built-*

cflags=(-std=c11 -D_GNU_SOURCE "-DAIRLOCK_VERSION=\"$version\"" -O2 -Wall -Wextra -Werror
  -fstack-protector-strong -ffunction-sections -fdata-sections
  -static -s -Wl,--gc-sections -Wl,-z,relro,-z,now -Wl,--build-id=none)
for target in amd64:musl-gcc arm64:aarch64-linux-musl-gcc; do
  arch=${target%%:*}
  cc=${target#*:}
  "$cc" "${cflags[@]}" -o "$out/injector-linux-$arch.tmp" "$injector_src"/*.c ||
    fail "the $arch injector does not compile (see the compiler messages above)"
  mv "$out/injector-linux-$arch.tmp" "$out/injector-linux-$arch"
  # The sample bundle's runnable image: a tiny HTTP server (airlock sample-bundle).
  "$cc" "${cflags[@]}" -o "$out/sample-hello-linux-$arch.tmp" "$sample_src"/*.c ||
    fail "the $arch sample app does not compile (see the compiler messages above)"
  mv "$out/sample-hello-linux-$arch.tmp" "$out/sample-hello-linux-$arch"
done

# Go: offline, reproducible (no VCS stamp, no build ID, trimmed paths), static (CGO off).
export CGO_ENABLED=0 GOOS=linux GOPROXY=off GOFLAGS=-buildvcs=false GOWORK=off GOTOOLCHAIN=local
gocache=$(go env GOCACHE 2>/dev/null || true)
if [[ -z $gocache || $gocache == off ]]; then
  export GOCACHE="$out/go-cache"
fi
for program in proxy nodecfg; do
  program_src="$src/go/$program"
  unformatted=$(cd "$program_src" && gofmt -l .)
  [[ -z $unformatted ]] || fail "the $program's Go code is not formatted: run gofmt -w on $unformatted"
  (cd "$program_src" && go vet ./...) || fail "go vet found problems in the $program (see above)"
  for arch in amd64 arm64; do
    (cd "$program_src" && GOARCH=$arch go build -trimpath \
      -ldflags "-s -w -buildid= -X main.version=$version" -o "$out/$program-linux-$arch.tmp" .) ||
      fail "the $arch $program does not compile (see the compiler messages above)"
    mv "$out/$program-linux-$arch.tmp" "$out/$program-linux-$arch"
  done
done
touch "$stamp"
