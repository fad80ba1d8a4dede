# Sourced by ./airlock, aot-cache.sh and the packaging: the launchers' class path, in one order.
#   airlock_classpath LIB [PREFIX]   # prints PREFIX/JAR:PREFIX/JAR:... for the jars in LIB
# Airlock's own jars and picocli first, Fabric8's last: the JVM looks a class up jar by jar and
# opens every jar it passes (reading its whole index, thousands of entries for Fabric8's models),
# so a class found early costs fewer of them (without an AOT cache). Every command still opens all
# of them once, at the first lookup of something no jar has (the README's performance section);
# with them JavaFX's headless glass (the packages' wizard trains its AOT cache on it), which only
# that training loads. The rest in name order, as `ls` lists them.
airlock_classpath() {
  local lib=$1 prefix=${2:-$1} first=() middle=() last=() jar name
  for jar in "$lib"/*.jar; do
    name=${jar##*/}
    case $name in
      airlock-*.jar | picocli-*.jar) first+=("$prefix/$name") ;;
      kubernetes-*.jar | zjsonpatch-*.jar | openjfx-monocle-*.jar) last+=("$prefix/$name") ;;
      *) middle+=("$prefix/$name") ;;
    esac
  done
  local IFS=:
  echo "${first[*]}${middle:+:${middle[*]}}${last:+:${last[*]}}"
}
