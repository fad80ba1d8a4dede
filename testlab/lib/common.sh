# Shared by the lab's scripts (sourced): where things are, logging, waiting, free ports.
# CACHE holds what is built (kept across `mvn clean` and clones); STATE holds one running lab.

TESTLAB=${TESTLAB:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CACHE=${AIRLOCK_TESTLAB_CACHE:-/var/tmp/airlock-testlab}
BIN=$CACHE/bin
IMAGES=$CACHE/images

log() { echo "[testlab] $*" >&2; }
die() {
  echo "testlab: $*" >&2
  exit 1
}

# need TOOL PACKAGE: a missing tool fails naming the Debian package (.ci/deps installs them all).
need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: apt-get install $2 (.ci/deps installs everything the lab needs)"
}

# until_ok SECONDS WHAT COMMAND...: retries COMMAND every 0.2 s; fails naming WHAT after SECONDS.
until_ok() {
  local limit=$1 what=$2 end
  shift 2
  end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || die "$what: not ready after ${limit} s"
    sleep 0.2
  done
}

# free_port: a TCP port no socket uses (listening or connected, either family), below the
# kernel's range for outgoing connections so that none takes it between now and the bind.
free_port() {
  local low p
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  ((low > 21000)) || low=32768
  while true; do
    p=$((20000 + RANDOM % (low - 20000)))
    ss -Htan "( sport = :$p )" | grep -q . || {
      echo "$p"
      return
    }
  done
}
