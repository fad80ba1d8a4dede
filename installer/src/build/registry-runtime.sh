#!/usr/bin/env bash
# Makes the file systems of Airlock's registry image (airlock-registry), one per architecture:
# a Java runtime jlinked with only the modules `airlock serve` needs, and the few system libraries
# that runtime links against, at their Debian paths. Nothing else: no shell, no package manager.
#
#   registry-runtime.sh OUT_DIR            # OUT_DIR/rootfs-amd64, OUT_DIR/rootfs-arm64
#
# Everything comes from Debian 12's archive through apt, never committed:
# - amd64: the JDK that runs the build (Debian's openjdk-17-jdk-headless), its jlink and jmods;
# - arm64: the same version of openjdk-17-jdk-headless:arm64 (`apt-get download` + `dpkg-deb -x`;
#   jlink links a foreign platform's jmods when both are the same release), stripped with
#   binutils-aarch64-linux-gnu (comes with gcc-aarch64-linux-gnu);
# - both: libc6, libgcc-s1, libstdc++6 and zlib1g of that architecture (the libraries
#   libjvm.so and the launcher name as NEEDED).
# Downloads are kept in AIRLOCK_BUILD_CACHE (default /var/tmp/airlock-build-cache); a rootfs is
# made again only when its inputs changed.
set -euo pipefail
out=$1
cache=${AIRLOCK_BUILD_CACHE:-/var/tmp/airlock-build-cache}
modules=java.base,java.logging,jdk.unsupported,jdk.crypto.ec
jdk_package=openjdk-17-jdk-headless
host_jdk=/usr/lib/jvm/java-17-openjdk-amd64
libs_packages=(libc6 libgcc-s1 libstdc++6 zlib1g)

fail() {
  echo "airlock-registry image: $*" >&2
  exit 1
}

[[ -x $host_jdk/bin/jlink ]] || fail "$host_jdk/bin/jlink is missing. Install it with: apt-get install $jdk_package"
jdk_version=$(dpkg-query -W -f '${Version}' "$jdk_package" 2>/dev/null) ||
  fail "$jdk_package is not installed. Install it with: apt-get install $jdk_package"
mkdir -p "$cache" "$out"

# One download at a time per machine: builds of several worktrees share the cache.
exec 9>"$cache/.lock"
flock 9

downloaded=""
download() { # PACKAGE[:ARCH][=VERSION] [WHAT TO DO] -> $downloaded, the .deb in the cache
  local spec=$1 deb
  # In an empty directory: apt prints no URI for a .deb already in the current one.
  deb=$(cd "$(mktemp -d)" && apt-get download --print-uris "$spec" 2>/dev/null | awk '{print $2}' | head -1)
  [[ -n $deb ]] || fail "apt cannot find $spec. ${2:-Run 'apt-get update' (with 'dpkg --add-architecture arm64' for arm64), then build again; .ci/deps does both.}"
  if [[ ! -f $cache/$deb ]]; then
    (cd "$cache" && apt-get download -q "$spec" >/dev/null 2>&1) ||
      fail "apt-get download $spec failed. Is Debian's archive reachable? Run 'apt-get update' and build again."
  fi
  downloaded=$cache/$deb
}

extract() { # DEB DIR
  mkdir -p "$2"
  dpkg-deb -x "$1" "$2"
}

for arch in amd64 arm64; do
  case $arch in
    amd64) triplet=x86_64-linux-gnu loader=/lib64/ld-linux-x86-64.so.2 strip=/usr/bin/strip objcopy=/usr/bin/objcopy ;;
    arm64) triplet=aarch64-linux-gnu loader=/lib/ld-linux-aarch64.so.1 strip=/usr/bin/aarch64-linux-gnu-strip objcopy=/usr/bin/aarch64-linux-gnu-objcopy ;;
  esac
  [[ -x $strip && -x $objcopy ]] || fail "$strip is missing. Install it with: apt-get install binutils-aarch64-linux-gnu"
  debs=()
  for p in "${libs_packages[@]}"; do
    download "$p:$arch"
    debs+=("$downloaded")
  done
  if [[ $arch == arm64 ]]; then
    download "$jdk_package:arm64=$jdk_version" "It must be the version of this machine's JDK, $jdk_version (jlink links only its own release): run 'apt-get update && apt-get install $jdk_package' so both come from the same release."
    debs+=("$downloaded")
  fi
  stamp="$jdk_version $modules $(basename -a "${debs[@]}" | tr '\n' ' ') $(sha256sum "$0" | cut -c1-16)"
  rootfs=$out/rootfs-$arch
  if [[ -f $rootfs.stamp && $(cat "$rootfs.stamp") == "$stamp" && -d $rootfs ]]; then
    continue
  fi
  rm -rf "$rootfs" "$out/deb-$arch" "$rootfs.stamp"
  for d in "${debs[@]}"; do
    extract "$d" "$out/deb-$arch"
  done
  jmods=$host_jdk/jmods
  [[ $arch == arm64 ]] && jmods=$out/deb-$arch/usr/lib/jvm/java-17-openjdk-arm64/jmods
  [[ -f $jmods/java.base.jmod ]] || fail "no java.base.jmod in $jmods"
  "$host_jdk/bin/jlink" --module-path "$jmods" --add-modules "$modules" \
    --strip-java-debug-attributes --strip-native-debug-symbols "objcopy=$objcopy" \
    --no-header-files --no-man-pages --compress=0 --output "$rootfs/opt/airlock/jre" >/dev/null
  # Symbol tables are not debug info: drop them too (about 4 MB of libjvm.so).
  find "$rootfs/opt/airlock/jre" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec "$strip" --strip-unneeded {} +
  # What the runtime loads: the loader, libc, libm, libstdc++, libgcc_s, zlib (dereferenced: an
  # image layer holds files, and each soname is the name the loader looks for).
  src=$out/deb-$arch
  mkdir -p "$rootfs/lib/$triplet" "$rootfs$(dirname "$loader")"
  for lib in "lib/$triplet/libc.so.6" "lib/$triplet/libm.so.6" "lib/$triplet/libgcc_s.so.1" \
    "lib/$triplet/libz.so.1" "usr/lib/$triplet/libstdc++.so.6"; do
    [[ -e $src/$lib ]] || fail "$lib is not in the $arch packages ${libs_packages[*]}"
    mkdir -p "$rootfs/$(dirname "$lib")"
    cp -L "$src/$lib" "$rootfs/$lib"
  done
  cp -L "$src/lib/$triplet/$(basename "$loader")" "$rootfs$loader"
  rm -rf "$src"
  echo "$stamp" >"$rootfs.stamp"
  echo "airlock-registry image: rootfs for linux/$arch: $(du -sh "$rootfs" | cut -f1) (JDK $jdk_version, modules $modules)"
done
