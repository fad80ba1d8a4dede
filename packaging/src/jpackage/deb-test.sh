#!/usr/bin/env bash
# The .deb's life in a scratch root, never touching the machine's own packages: dpkg -i (with the
# machine's installed dependencies as the scratch database's only entries, so Depends is checked
# against what this machine has), the installed command and its desktop entry, an upgrade to a newer
# build, dpkg -r: nothing may be left behind. dpkg runs with --root and chrootless maintainer
# scripts (DPKG_ROOT), as root or under fakeroot.
#   deb-test.sh DEB
set -euo pipefail
deb=$(readlink -f "$1")
fail() { echo "airlock-packaging deb test: FAILED: $*" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
admin="$root/var/lib/dpkg"
mkdir -p "$admin/info" "$admin/updates" "$admin/triggers"
touch "$admin/status" "$admin/available"
for p in $(dpkg-deb -f "$deb" Depends | tr -d ' ' | tr ',' '\n' | sed 's/(.*//; s/|.*//'); do
  dpkg-query -s "$p" >>"$admin/status" 2>/dev/null || fail "dependency $p is not installed here"
  echo >>"$admin/status"
done
sudo=()
((EUID == 0)) || sudo=(fakeroot)
dpkg_() { "${sudo[@]}" dpkg --root="$root" --force-script-chrootless --log=/dev/null "$@"; }
before=$(cd "$root" && find . | sort)

dpkg_ -i "$deb" >"$root.log" 2>&1 || { cat "$root.log" >&2; fail "dpkg -i"; }
version=$(dpkg-deb -f "$deb" Version)
[[ -L $root/usr/bin/airlock ]] || fail "/usr/bin/airlock is not there"
out=$(PATH="$root/usr/bin:$PATH" airlock --version) || fail "airlock --version"
grep -q '^airlock ' <<<"$out" || fail "airlock --version printed: $out"
PATH="$root/usr/bin:$PATH" airlock sample-bundle "$root/tmp-bundle" --images 1 --layer-mb 0.1 -q \
  >/dev/null && PATH="$root/usr/bin:$PATH" airlock inspect "$root/tmp-bundle" | grep -q '^Bundle ' ||
  fail "the installed airlock cannot inspect a bundle"
rm -rf "$root/tmp-bundle"
desktop="$root/usr/share/applications/airlock.desktop"
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
[[ -x $root$exec_line ]] || fail "the desktop entry runs $exec_line, which is not installed"
[[ -f $root/usr/share/icons/hicolor/scalable/apps/$(sed -n 's/^Icon=//p' "$desktop").svg ]] ||
  fail "the desktop entry's icon is not installed"
command -v desktop-file-validate >/dev/null ||
  fail "desktop-file-validate is missing (sudo apt-get install desktop-file-utils)"
desktop-file-validate "$desktop" || fail "desktop-file-validate"
trained=no
if [[ -x $root/opt/airlock/lib/aot-train ]]; then
  for cache in airlock.aot wizard.aot; do
    [[ -f $root/opt/airlock/lib/app/$cache ]] || fail "postinst trained no AOT cache $cache"
  done
  trained=yes
fi

# A newer build of the same package: the version raised, one file changed.
newer="$root.newer"
rm -rf "$newer" && dpkg-deb -R "$deb" "$newer"
sed -i "s/^Version: .*/Version: $version+1/" "$newer/DEBIAN/control"
echo "$version+1" >"$newer/opt/airlock/lib/version"
dpkg-deb --root-owner-group -Zgzip -z1 --build "$newer" "$newer.deb" >/dev/null
dpkg_ -i "$newer.deb" >"$root.log" 2>&1 || { cat "$root.log" >&2; fail "the upgrade"; }
rm -rf "$newer" "$newer.deb"
[[ $(dpkg-query --admindir="$admin" -W -f='${Version}' airlock) == "$version+1" ]] ||
  fail "the upgrade did not take"
[[ $(cat "$root/opt/airlock/lib/version") == "$version+1" ]] || fail "the upgrade left old files"
if [[ $trained == yes ]]; then
  for cache in airlock.aot wizard.aot; do
    [[ -f $root/opt/airlock/lib/app/$cache ]] || fail "the upgrade left no AOT cache $cache"
  done
fi
PATH="$root/usr/bin:$PATH" airlock --version >/dev/null || fail "airlock after the upgrade"

dpkg_ -r airlock >"$root.log" 2>&1 || { cat "$root.log" >&2; fail "dpkg -r"; }
rm -f "$root.log"
after=$(cd "$root" && find . -path ./var/lib/dpkg -prune -o -print | sort)
left=$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^\./var/lib/dpkg$' || true)
[[ -z $left ]] || fail "dpkg -r left behind: $left"
echo "airlock-packaging deb test: dpkg -i (Depends met here, AOT cache trained: $trained), airlock" \
  "on the PATH, desktop entry and icon, upgrade to $version+1, dpkg -r: nothing left behind"
