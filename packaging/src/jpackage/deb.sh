#!/usr/bin/env bash
# Makes the .deb from the app image, with dpkg-deb (jpackage's own .deb puts nothing on the PATH,
# and its scripts cannot install into another root):
#   /opt/airlock                 the app image
#   /usr/bin/airlock             the command line on the PATH (a relative link)
#   /usr/share/applications/airlock.desktop, /usr/share/icons/hicolor/scalable/apps/airlock.svg
#   /usr/share/doc/airlock/copyright
# Depends: the packages whose libraries the runtime's native code links (ldd, dpkg -S), and GTK 3
# for the wizard's window (JavaFX loads it at run time, so no ldd sees it); the command line needs
# nothing more. postinst trains the AOT cache (lib/aot-train), prerm removes it: dpkg -r leaves
# nothing behind. Every script honours DPKG_ROOT (a scratch root: deb-test.sh).
#   deb.sh IMAGE VERSION EPOCH STAGE OUT.deb
set -euo pipefail
image=$1 version=$2 epoch=$3 stage=$4 out=$5
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/airlock"
cp -a "$image" "$stage/opt/airlock"
ln -s ../../opt/airlock/bin/airlock "$stage/usr/bin/airlock"
cp "$here/airlock.desktop" "$stage/usr/share/applications/airlock.desktop"
cp "$here/airlock.svg" "$stage/usr/share/icons/hicolor/scalable/apps/airlock.svg"
cp "$here/LICENSE.txt" "$stage/usr/share/doc/airlock/copyright"

# The packages of the libraries the runtime's ELF files link, outside the image itself.
depends=$(
  find "$stage/opt/airlock" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c \
    'for f; do if head -c 4 "$f" | grep -q ELF; then ldd "$f" 2>/dev/null || true; fi; done' sh {} + |
    awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u |
    while read -r lib; do
      dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
    done | cut -d: -f1 | sort -u
)
depends=$(printf '%s\n' $depends libgtk-3-0 | sort -u | paste -sd, | sed 's/,/, /g')

for script in postinst prerm; do
  install -m 755 "$here/deb-$script" "$stage/DEBIAN/$script"
done
cat >"$stage/DEBIAN/control" <<CONTROL
Package: airlock
Version: $version
Architecture: amd64
Maintainer: Airlock <airlock@example.org>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Section: utils
Priority: optional
Homepage: https://example.org/airlock
Description: Carries Kubernetes software into disconnected sites
 Verifies a signed bundle of images and Helm charts, brings up a registry the
 cluster can pull from, pushes every image and chart, configures the nodes'
 mirrors and leaves a report. The wizard (Airlock in the menu) and the airlock
 command line.
CONTROL
find "$stage" -exec touch -h -d "@$epoch" {} +
chmod -R u+rwX,go+rX,go-w "$stage"
# xz's highest preset: its 64 MiB window finds what the stored jars, the runtime and the CDS archive
# share; 6% smaller than the default level (107.1 vs 114.4 MB) for about half a minute more on 2
# cores (dpkg-deb compresses on both).
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz -z9 --build "$stage" "$out" >/dev/null
