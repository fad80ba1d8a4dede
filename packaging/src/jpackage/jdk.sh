# Sourced by build.sh: which JDK links and packages Airlock.
#   newest_jdk      prints the home of AIRLOCK_PACKAGE_JDK, or else of the newest JDK under
#                   /usr/lib/jvm with jlink (JAVA_HOME's, or the java on the PATH,
#                   when none is there)
#   jdk_feature H   prints the feature version of the JDK at H (17, 25, ...)
jdk_feature() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

newest_jdk() {
  if [[ -n ${AIRLOCK_PACKAGE_JDK:-} ]]; then
    [[ -x $AIRLOCK_PACKAGE_JDK/bin/jlink ]] || {
      echo "airlock-packaging: AIRLOCK_PACKAGE_JDK=$AIRLOCK_PACKAGE_JDK has no bin/jlink" >&2
      return 2
    }
    echo "$AIRLOCK_PACKAGE_JDK"
    return
  fi
  local best="" best_feature=0 home feature
  for home in /usr/lib/jvm/*/ "${JAVA_HOME:-}"; do
    home=${home%/}
    [[ -n $home && -x $home/bin/jlink && -f $home/release ]] || continue
    home=$(readlink -f "$home")
    feature=$(jdk_feature "$home")
    if [[ $feature =~ ^[0-9]+$ ]] && ((feature > best_feature)); then
      best=$home best_feature=$feature
    fi
  done
  if [[ -z $best ]]; then
    best=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
  fi
  echo "$best"
}
