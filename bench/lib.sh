# Shared helpers for the benchmark scripts: build Airlock once, time commands.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AIRLOCK="$ROOT/airlock"
WORK="${BENCH_DIR:-/var/tmp/airlock-bench}"
mkdir -p "$WORK"

ensure_built() {
  if ! compgen -G "$ROOT/installer/target/lib/airlock-*.jar" >/dev/null; then
    (cd "$ROOT" && mvn -B -q -DskipTests package)
  fi
}

# seconds NAME CMD...: runs CMD, prints nothing, sets global $SECONDS_TAKEN
time_it() {
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  SECONDS_TAKEN=$(echo "$end - $start" | bc -l)
}

# best of N runs of a command (after a cleanup command), in seconds
best_of() {
  local n=$1 cleanup=$2; shift 2
  local best=""
  for ((i = 0; i < n; i++)); do
    eval "$cleanup"
    time_it "$@"
    if [[ -z $best ]] || (($(echo "$SECONDS_TAKEN < $best" | bc -l))); then best=$SECONDS_TAKEN; fi
  done
  echo "$best"
}

mb() { echo "scale=1; $1 / 1000000" | bc -l; }

# now: a timestamp; secs A B: B - A in seconds; mbps BYTES SECONDS; ratio A B: A / B
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# airlock with its stdout discarded (progress and errors still on stderr)
airlock_quiet() { "$AIRLOCK" "$@" >/dev/null; }

# A TCP port on 127.0.0.1 that nothing listens on, below the kernel's ephemeral range (so that no
# client connection of the benchmark can take it between this check and the server's bind).
free_port() {
  local p low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  while :; do
    p=$((10000 + RANDOM % (low - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# wait_http URL: until it answers; fails with a message after 30 s.
wait_http() {
  for _ in $(seq 300); do
    curl -fs -o /dev/null "$1" 2>/dev/null && return
    sleep 0.1
  done
  echo "error: $1 did not come up" >&2
  return 3
}

# docker_registry_config DIR PORT: a config for Debian's docker-registry on 127.0.0.1:PORT, storage in
# DIR/data, deletes allowed, quiet; written to DIR/config.yml.
docker_registry_config() {
  mkdir -p "$1"
  cat >"$1/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $1/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$2
YAML
}

# start_docker_registry DIR: Debian's docker-registry on a free port, storage in DIR/data, log in
# DIR/log, its pid in DIR/pid (callers run this in $(...), a subshell); prints host:port.
start_docker_registry() {
  local dir=$1 port
  port=$(free_port)
  docker_registry_config "$dir" "$port"
  docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
  echo $! >"$dir/pid"
  wait_http "http://127.0.0.1:$port/v2/"
  echo "127.0.0.1:$port"
}
