# Takes the node down and removes every trace of it from the machine (sourced by testlab/lab):
# processes, mounts, iptables rules and chains, the bridge, cgroups, the kubelet's fixed paths,
# the kernel settings it changed. Safe to run when nothing or only part of a node is there, which
# is what a crashed or killed run leaves: node_up runs it first.

node_pids_in_cgroup() {
  find /sys/fs/cgroup/*/"$CGROUP" -name cgroup.procs -exec cat {} + 2>/dev/null
}

node_kill_all() { # every process of the node's cgroup tree: daemons, shims, pods
  local i pids
  for ((i = 0; i < 50; i++)); do
    pids=$(node_pids_in_cgroup | sort -un | tr '\n' ' ')
    [[ -z ${pids// /} ]] && return 0
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null
    sleep 0.1
  done
  log "warning: processes of the node survive: $pids"
}

node_stop_containers() { # with containerd alive: end the pods' tasks so their shims exit cleanly
  alive "$NODE_DIR/pids" containerd || return 0
  local c
  for c in $(node_ctr tasks ls -q 2>/dev/null); do node_ctr tasks delete -f "$c" >/dev/null 2>&1; done
  for c in $(node_ctr containers ls -q 2>/dev/null); do node_ctr containers delete "$c" >/dev/null 2>&1; done
}

node_forget_shim_sockets() { # containerd 1.6 puts shim sockets in /run/containerd/s, named by hash
  local p args id
  for p in $(node_pids_in_cgroup | sort -un); do
    args=$({ tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null) || continue
    [[ $args == *containerd-shim* ]] || continue
    id=$(sed -n 's/.* -id \([^ ]*\).*/\1/p' <<<"$args")
    [[ -n $id ]] && rm -f "/run/containerd/s/$(printf '%s' "$CTRD_SOCK/k8s.io/$id" | sha256sum | cut -c1-64)"
  done
}

node_umount() { # everything mounted below $NODE_DIR, deepest first
  local i m left
  for ((i = 0; i < 5; i++)); do
    left=$(awk -v d="$NODE_DIR/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -ru)
    [[ -z $left ]] && return 0
    while IFS= read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done <<<"$left"
  done
  log "warning: still mounted: $left"
}

# node_iptables_clean: the KUBE-* chains (kubelet, kube-proxy) and CNI-* chains (portmap), and every
# rule elsewhere that jumps to one, for IPv4 and IPv6. The node lock means no other node runs here.
node_iptables_clean() {
  local t rules
  for t in iptables ip6tables; do
    rules=$("$t-save" 2>/dev/null | awk '
      /^\*/ { table = $0; n = 0; m = 0; next }
      /^:(KUBE-|CNI-)/ { chains[++n] = substr($1, 2); next }
      /^-A / {
        own = $2 ~ /^(KUBE-|CNI-)/
        for (i = 3; i < NF; i++) if (($i == "-j" || $i == "-g") && $(i + 1) ~ /^(KUBE-|CNI-)/ && !own) dels[++m] = "-D" substr($0, 3)
        next
      }
      /^COMMIT/ {
        if (n || m) {
          print table
          for (i = 1; i <= m; i++) print dels[i]
          for (i = 1; i <= n; i++) print "-F " chains[i]
          for (i = 1; i <= n; i++) print "-X " chains[i]
          print "COMMIT"
        }
      }')
    [[ -z $rules ]] && continue
    "$t-restore" --noflush <<<"$rules" || log "warning: $t could not remove the node's chains: $rules"
  done
}

# node_nft_tables_clean: the nf_tables tables iptables-nft made for the node's rules (it cannot
# delete a table itself): those that did not exist before the node and hold no rule now.
node_nft_tables_clean() {
  local t
  command -v nft >/dev/null && [[ -f $NODE_DIR/nft-tables ]] || return 0
  nft list tables 2>/dev/null | while read -r _ t; do
    grep -qx "table $t" "$NODE_DIR/nft-tables" && continue
    # shellcheck disable=SC2086
    nft list table $t 2>/dev/null | grep -v -q -E '^\s*(table |chain |type |\}|$)' || nft delete table $t 2>/dev/null
  done
}

node_sysctls_restore() {
  local k v
  [[ -f $NODE_DIR/sysctls.orig ]] || return 0
  while IFS='=' read -r k v; do
    [[ -w /proc/sys/$k ]] && echo "$v" >"/proc/sys/$k" 2>/dev/null
  done <"$NODE_DIR/sysctls.orig"
  rm -f "$NODE_DIR/sysctls.orig"
}

node_fixed_paths_clean() { # what kubelet and libcni keep outside $NODE_DIR
  local d uid p
  for d in "$NODE_DIR"/kubelet/pods/*/; do
    [[ -d $d ]] || continue
    uid=$(basename "$d")
    find /var/log/containers -maxdepth 1 -lname "/var/log/pods/*_$uid/*" -delete 2>/dev/null
    rm -rf /var/log/pods/*_"$uid"
  done
  # libcni's cache of each sandbox's results: ours, and the loopback's of the same sandboxes
  for p in /var/lib/cni/results/"$CNI_NET"-*; do
    [[ -e $p ]] || continue
    uid=${p#*/"$CNI_NET"-}
    rm -f "$p" /var/lib/cni/results/cni-loopback-"${uid%-*}"-lo
  done
  # What did not exist before the node is the node's alone, except containerd's /run directory,
  # which the machine's containerd may have come to share.
  if [[ -f $NODE_DIR/created ]]; then
    while IFS= read -r p; do
      if [[ $p == /run/containerd ]]; then find "$p" -depth -type d -empty -delete 2>/dev/null; else rm -rf "$p"; fi
    done <"$NODE_DIR/created"
  fi
}

node_clean() {
  [[ -d $NODE_DIR ]] || ip link show "$BRIDGE" >/dev/null 2>&1 || compgen -G "/sys/fs/cgroup/*/$CGROUP" >/dev/null || return 0
  local -
  set +e
  halt "$NODE_DIR/pids" kube-proxy kubelet
  node_stop_containers
  halt "$NODE_DIR/pids" containerd
  node_forget_shim_sockets
  node_kill_all
  node_umount
  node_iptables_clean
  node_nft_tables_clean
  ip link del "$BRIDGE" 2>/dev/null
  find /sys/fs/cgroup/*/"$CGROUP" -depth -type d -exec rmdir {} \; 2>/dev/null
  node_fixed_paths_clean
  node_sysctls_restore
  if awk -v d="$NODE_DIR/" 'index($5, d) == 1 {found = 1} END {exit !found}' /proc/self/mountinfo; then
    log "warning: keeping $NODE_DIR: something is still mounted below it"
  else
    rm -rf "$NODE_DIR"
  fi
}
