#!/usr/bin/env bash
# Builds the Linux installers: a jlink runtime with only the JDK modules Airlock needs, a jpackage
# app image with two launchers (airlock-wizard: the GUI; airlock: the command line, -Xmx256m as in
# ./airlock), and a .deb made from that image. Called by the packaging module (-Pinstallers).
#   build.sh DIR VERSION MODULES   (DIR/input holds the app's jars)
set -euo pipefail
dir=$1 version=$2 modules=$3
here="$(cd "$(dirname "$0")" && pwd)"
jdk_bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
cd "$dir"
rm -rf runtime image deb
start=$(date +%s)

"${jdk_bin}jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output runtime

main_jar=$(cd input && ls airlock-app-*.jar)
"${jdk_bin}jpackage" --type app-image --dest image --name airlock-wizard \
  --input input --main-jar "$main_jar" --main-class io.airlock.app.AirlockApp \
  --runtime-image runtime --app-version "$version" \
  --java-options '-Xmx256m' --java-options '-XX:+UseSerialGC' \
  --add-launcher "airlock=$here/airlock-cli.properties" \
  --description "Carries Kubernetes software into disconnected sites" --vendor "Airlock"

"${jdk_bin}jpackage" --type deb --dest deb --app-image image/airlock-wizard \
  --name airlock --app-version "$version" --vendor "Airlock" \
  --description "Carries Kubernetes software into disconnected sites" \
  --linux-package-name airlock --linux-app-category utils --linux-shortcut \
  --linux-deb-maintainer "airlock@example.org" --license-file "$here/LICENSE.txt"

echo "airlock-packaging: runtime $(du -sh runtime | cut -f1), app image $(du -sh image | cut -f1)," \
  "$(ls deb) $(du -h deb/*.deb | cut -f1), in $(($(date +%s) - start)) s"
