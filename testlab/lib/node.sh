# The lab's node (sourced by testlab/lab): its own containerd, CNI bridge, kubelet and kube-proxy
# (iptables). One per machine (the caller holds the node lock), so its state is machine-wide in
# $NODE_DIR, and whatever a crashed run left there is cleaned up before a node starts.

NODE_DIR=$CACHE/node
NODE_NAME=lab-node
CGROUP=airlock-testlab
BRIDGE=airlocklab0
CNI_NET=airlock-testlab
CTRD_SOCK=$NODE_DIR/containerd.sock
# Paths outside $NODE_DIR that kubelet 1.20 and containerd 1.6 use whatever they are told.
FIXED_PATHS="/var/log/pods /var/log/containers /var/lib/kubelet /var/lib/cni /run/containerd"

node_ctr() { ctr --address "$CTRD_SOCK" -n k8s.io "$@"; }

# node_sysctls_save: the kernel settings the node changes (the bridge plugin turns forwarding on,
# kube-proxy route_localnet), in the order they are put back: the global switches first, since
# they overwrite every interface's value.
node_sysctls_save() {
  local f k
  {
    for k in net/ipv4/ip_forward net/ipv4/conf/all/route_localnet; do echo "$k=$(<"/proc/sys/$k")"; done
    for f in /proc/sys/net/ipv4/conf/{all,default}/forwarding /proc/sys/net/ipv4/conf/*/forwarding \
      /proc/sys/net/ipv6/conf/{all,default}/forwarding /proc/sys/net/ipv6/conf/*/forwarding; do
      if [[ -r $f ]]; then echo "${f#/proc/sys/}=$(<"$f")"; fi
    done
  } | awk -F= '!seen[$1]++' >"$NODE_DIR/sysctls.orig"
}

node_cgroups() { # /$CGROUP/daemons in every cgroup v1 hierarchy, cpusets filled in as v1 needs
  local h f d
  for h in /sys/fs/cgroup/*/; do
    [[ -e ${h}cgroup.procs ]] || continue
    for d in "$h$CGROUP" "$h$CGROUP/daemons"; do
      mkdir -p "$d"
      for f in cpuset.cpus cpuset.mems; do
        if [[ -e $d/$f && -z $(<"$d/$f") ]]; then cat "$(dirname "$d")/$f" >"$d/$f"; fi
      done
    done
  done
}

# node_network: the bridge, its address (the pods' gateway, which is also the node's address: the
# bridge plugin accepts no other IPv4 address on it, and this kernel has no dummy links), and a
# route that keeps host-to-ClusterIP traffic without a matching rule on the bridge instead of the
# default route.
node_network() {
  ip link add "$BRIDGE" type bridge
  if [[ $FAMILY == ipv6 ]]; then
    echo 0 >"/proc/sys/net/ipv6/conf/$BRIDGE/accept_dad"
    ip -6 addr add "$NODE_IP/${POD_CIDR#*/}" dev "$BRIDGE" nodad
  else
    ip addr add "$NODE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  ip route add "$SVC_CIDR" dev "$BRIDGE"
}

node_configs() {
  mkdir -p "$NODE_DIR"/{containerd,certs.d,cni/net.d,cni/ipam,kubelet}
  cat >"$NODE_DIR/containerd/config.toml" <<EOT
# The test lab's own containerd: its root, state, socket and cgroup; never the machine's.
version = 2
root = "$NODE_DIR/containerd/root"
state = "$NODE_DIR/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$CTRD_SOCK"
[ttrpc]
  address = "$CTRD_SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$NODE_DIR/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  disable_apparmor = true
  # Without CAP_SYS_RESOURCE runc cannot lower a sandbox's oom_score_adj below containerd's own.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$NODE_DIR/containerd/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_DIR/cni/net.d"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".registry]
    # hosts.toml per registry, read at each pull: tests write mirrors here as an operator would.
    config_path = "$NODE_DIR/certs.d"
EOT
  # Pods reach Services and the node, nothing else: no default route, no masquerading.
  cat >"$NODE_DIR/cni/net.d/10-$CNI_NET.conflist" <<EOT
{
  "cniVersion": "0.4.0",
  "name": "$CNI_NET",
  "plugins": [
    {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "dataDir": "$NODE_DIR/cni/ipam",
              "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]],
              "routes": [{"dst": "$SVC_CIDR"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOT
  cat >"$NODE_DIR/kubelet/config.yaml" <<EOT
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: "$NODE_IP"
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$STATE/pki/ca.crt"}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP
failSwapOn: false
resolvConf: /etc/resolv.conf
serializeImagePulls: false
# A nearly full disk must neither evict the tests' pods nor collect the imported images.
evictionHard: {memory.available: "50Mi", nodefs.available: "1%", nodefs.inodesFree: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
EOT
  cat >"$NODE_DIR/kube-proxy.yaml" <<EOT
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: "$STATE/kube-proxy.kubeconfig"}
hostnameOverride: "$NODE_NAME"
bindAddress: "$NODE_IP"
clusterCIDR: "$POD_CIDR"
mode: iptables
healthzBindAddress: "127.0.0.1:$PROXY_HEALTHZ_PORT"
metricsBindAddress: "127.0.0.1:$PROXY_METRICS_PORT"
# zeros: leave the kernel's conntrack settings as they are
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOT
}

# node_spawn NAME COMMAND...: a node process, started inside /$CGROUP/daemons so that down finds
# it, its shims and its pods in one cgroup tree.
node_spawn() {
  local name=$1
  shift
  spawn "$NODE_DIR/pids" "$STATE/logs" "$name" bash -c \
    'for f in /sys/fs/cgroup/*/"$0"/daemons/cgroup.procs; do echo $$ >"$f"; done; exec "$@"' "$CGROUP" "$@"
}

node_up() {
  local t0=$SECONDS p
  [[ $(id -u) == 0 ]] || die "the node needs root (kubelet, containerd, iptables)"
  need containerd containerd
  need runc runc
  need iptables-restore iptables
  need nft nftables
  [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/portmap ]] || die "the CNI plugins are missing: apt-get install containernetworking-plugins"
  node_clean
  mkdir -p "$NODE_DIR/pids"
  echo "$STATE" >"$NODE_DIR/owner"
  for p in $FIXED_PATHS; do [[ -e $p ]] || echo "$p"; done >"$NODE_DIR/created"
  if command -v nft >/dev/null; then nft list tables >"$NODE_DIR/nft-tables"; fi
  node_sysctls_save
  node_cgroups
  node_network
  KUBELET_PORT=$(free_port) KUBELET_HEALTHZ_PORT=$(free_port)
  PROXY_HEALTHZ_PORT=$(free_port) PROXY_METRICS_PORT=$(free_port)
  node_configs
  kubeconfig "$STATE/kubelet.kubeconfig" kubelet
  kubeconfig "$STATE/kube-proxy.kubeconfig" kube-proxy

  node_spawn containerd containerd --config "$NODE_DIR/containerd/config.toml"
  ready "$NODE_DIR/pids" "$STATE/logs" containerd 60 ctr --address "$CTRD_SOCK" version
  node_ctr images import "$IMAGES/pause.tar" >/dev/null
  node_ctr images import "$IMAGES/labtool.tar" >/dev/null

  node_spawn kubelet "$BIN/kubelet" --config="$NODE_DIR/kubelet/config.yaml" --kubeconfig="$STATE/kubelet.kubeconfig" \
    --root-dir="$NODE_DIR/kubelet" --cert-dir="$NODE_DIR/kubelet/pki" --volume-plugin-dir="$NODE_DIR/kubelet/plugins-exec" \
    --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" --container-runtime=remote \
    --container-runtime-endpoint="unix://$CTRD_SOCK" --pod-infra-container-image="$PAUSE_IMAGE" --v=1
  ready "$NODE_DIR/pids" "$STATE/logs" kubelet 60 curl -sf "http://127.0.0.1:$KUBELET_HEALTHZ_PORT/healthz"
  node_spawn kube-proxy "$BIN/kube-proxy" --config="$NODE_DIR/kube-proxy.yaml" --v=1
  ready "$NODE_DIR/pids" "$STATE/logs" kube-proxy 60 curl -sf "http://127.0.0.1:$PROXY_HEALTHZ_PORT/healthz"

  # Ready, and the node-lifecycle controller has lifted the not-ready taint admission put on it.
  until_ok 120 "node $NODE_NAME Ready and untainted (its log: $STATE/logs/kubelet.log)" bash -c \
    '[[ $("$0" --kubeconfig "$1" get node "$2" -o "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}/{.spec.taints}") == True/ ]]' \
    "$BIN/kubectl" "$STATE/kubeconfig" "$NODE_NAME"
  log "node $NODE_NAME ($NODE_IP, pods $POD_CIDR) Ready $((SECONDS - t0)) s after its start"
}
