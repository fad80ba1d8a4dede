#!/usr/bin/env bash
# Builds the Linux installers from the app's jars (DIR/input), all reproducible from the commit:
#   runtime/            jlink runtime of the newest JDK found (25 or later: AOT caches), only the
#                       modules Airlock needs
#   image/airlock/      the app image: bin/airlock-wizard (the GUI), bin/airlock (the command line),
#                       lib/app (the jars, stored and in one order), lib/runtime, lib/trust (vendor
#                       keys given to the build), lib/aot-train (see below), lib/splash.png
#                       (the wizard's splash, drawn by app/src/build/Splash.java)
#   airlock-VERSION-linux-x64.tar.gz, airlock_VERSION_amd64.deb, SHA256SUMS
# Then the AOT caches are trained inside image/airlock (lib/aot-train), as the .deb's postinst does
# on the machine it installs on: a trained cache differs from run to run (method profiles,
# addresses), so the packages carry the way to train it, never the cache itself.
#   build.sh DIR VERSION MODULES [TRUST_DIR]
# Environment: AIRLOCK_PACKAGE_JDK (the JDK to link and package with), SOURCE_DATE_EPOCH (default:
# the commit's time), AIRLOCK_AOT=0 (no training in the build).
set -euo pipefail
dir=$1 version=$2 modules=$3 trust=${4:-}
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
# shellcheck source=../../../installer/src/build/classpath.sh
source "$root/installer/src/build/classpath.sh"
# shellcheck source=jdk.sh
source "$here/jdk.sh"
start=$(date +%s)
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 315532800)}
export SOURCE_DATE_EPOCH=$epoch TZ=UTC LC_ALL=C

jdk=$(newest_jdk)
feature=$(jdk_feature "$jdk")
if ((feature >= 25)); then
  echo "airlock-packaging: runtime from $jdk (Java $feature), with an AOT cache"
else
  echo "airlock-packaging: runtime from $jdk (Java $feature): no JDK 25 or later under" \
    "/usr/lib/jvm (or AIRLOCK_PACKAGE_JDK), so the packages start without an AOT cache"
fi

cd "$dir"
rm -rf runtime jars image deb stage ./*.tar.gz ./*.deb SHA256SUMS
echo "$epoch" >SOURCE_DATE_EPOCH # repro.sh builds again with it

# The runtime, with the CDS archive of its own classes (a start without the AOT cache needs it);
# not compressed: the .deb's xz then compresses it to a third of what jlink's zip would leave. The
# locale data of English only (Airlock speaks English; its own formats use Locale.ROOT): the rest
# of jdk.localedata is 29 MB. The CDS archive for heaps above 32 GB (no compressed pointers) left
# out: both launchers run with -Xmx256m, so the JVM never maps it (14 MB; a heap that large set
# through AIRLOCK_JAVA_OPTS only starts without the archive).
compress=--compress=0
((feature >= 21)) && compress=--compress=zip-0
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --include-locales=en "$compress" --generate-cds-archive --output runtime >/dev/null
rm -f runtime/lib/server/classes_nocoops.jsa

# Class files older than Java 6 (picocli's) rewritten for Java 8, so that the AOT caches hold them
# (installer/src/build/UpgradeClassFiles.java); only for a runtime that has the caches.
if ((feature >= 25)); then
  "$jdk/bin/java" "$root/installer/src/build/UpgradeClassFiles.java" input >/dev/null
fi

# The jars: stored, sorted, dated; zstd-jni's and JNA's native libraries for other systems left
# out (the .deb is for linux/amd64; helm-java's pom already brought Helm's linux-amd64 library
# only); the empty JavaFX jars without a platform left out.
mapfile -t input < <(find input -name '*.jar' ! -name 'javafx-*[0-9].jar' | sort)
"$jdk/bin/java" "$root/installer/src/build/Repack.java" "$epoch" \
  '^(aix|darwin|freebsd|win)/|^linux/(aarch64|arm|i386|loongarch64|mips64|ppc64|ppc64le|riscv64|s390x)/|^com/sun/jna/(aix|darwin|dragonflybsd|freebsd|openbsd|sunos|win32)-|^com/sun/jna/linux-(aarch64|arm|armel|loongarch64|mips64el|ppc|ppc64le|riscv64|s390x|x86)/' \
  jars "${input[@]}"

# The app image: bin/ (the launchers), lib/app (the jars), lib/runtime, lib/trust.
mkdir -p image/airlock/bin image/airlock/lib
mv jars image/airlock/lib/app
cp -a runtime image/airlock/lib/runtime
app=image/airlock/lib/app

# JVM options of both launchers: the CLI's heap; on a JDK 24+ the native access Netty, zstd-jni and
# JavaFX need; on 25+ the AOT cache, which the JVM ignores while it is missing (quietly).
options=(-Xmx256m -XX:+UseSerialGC)
native=()
if ((feature >= 24)); then
  native=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
aot=0
((feature >= 25)) && aot=1
properties=""
if [[ -n $trust ]]; then
  mkdir -p image/airlock/lib/trust
  find "$trust" -maxdepth 1 -type f -name '*.pub' -exec cp {} image/airlock/lib/trust/ \;
  [[ -n $(ls image/airlock/lib/trust) ]] || {
    echo "airlock-packaging: $trust holds no vendor key (*.pub)" >&2
    exit 2
  }
  properties='-Dairlock.trustDir="$lib/trust"'
fi
classpath=$(airlock_classpath "$app" '$app')
# ToolHelp's (--version, --help): Airlock's own jars and picocli's.
quick=$(cd "$app" && for j in airlock-*.jar picocli-*.jar; do printf '$app/%s:' "$j"; done)
quick=${quick%:}
launcher() { # NAME MAIN WHAT AOT_CACHE
  local cache=""
  ((aot)) && cache=$4
  sed -e "s|@NAME@|$1|" -e "s|@MAIN@|$2|g" -e "s|@WHAT@|$3|" -e "s|@AOT@|$cache|g" \
    -e "s|@OPTIONS@|${options[*]}|" -e "s|@NATIVE@|${native[*]}|" \
    -e "s|@PROPERTIES@|$properties|" -e "s|@CLASSPATH@|$classpath|" -e "s|@QUICKCLASSPATH@|$quick|" "$here/launcher.sh" \
    >"image/airlock/bin/$1"
  chmod 755 "image/airlock/bin/$1"
}
launcher airlock io.airlock.cli.Airlock "the command line" airlock.aot
launcher airlock-wizard io.airlock.app.AirlockApp "the wizard" wizard.aot
printf '%s\n' "$version" >image/airlock/lib/version
# The wizard's splash: the launcher shows it while the JVM and JavaFX start.
"$jdk/bin/java" "$root/app/src/build/Splash.java" image/airlock/lib/splash.png

if ((feature >= 25)); then
  # lib/aot-train: the training the .deb's postinst runs, with the launchers' class path and options.
  sed -e "s|@OPTIONS@|${options[*]} ${native[*]}|" -e "s|@CLASSPATH@|$classpath|" \
    "$here/aot-train.sh" >image/airlock/lib/aot-train
  chmod 755 image/airlock/lib/aot-train
fi

# Same files, same bytes, same dates, same order: the archives of two builds are identical.
find image -exec touch -h -d "@$epoch" {} +
chmod -R u+rwX,go+rX,go-w image
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --format=gnu \
  -C image -cf - airlock | gzip -n -6 >"airlock-$version-linux-x64.tar.gz"

bash "$here/deb.sh" image/airlock "$version" "$epoch" stage "airlock_${version}_amd64.deb"
sha256sum "airlock-$version-linux-x64.tar.gz" "airlock_${version}_amd64.deb" >SHA256SUMS

if [[ ${AIRLOCK_AOT:-1} != 0 && -x image/airlock/lib/aot-train ]]; then
  image/airlock/lib/aot-train
fi

echo "airlock-packaging: runtime $(du -sh runtime | cut -f1), app image $(du -sh image | cut -f1)," \
  "$(du -h "airlock_${version}_amd64.deb" | cut -f1) .deb," \
  "$(du -h "airlock-$version-linux-x64.tar.gz" | cut -f1) .tar.gz, in $(($(date +%s) - start)) s"
