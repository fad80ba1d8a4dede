# The control plane of one lab in $STATE (sourced by testlab/lab): etcd, kube-apiserver,
# kube-controller-manager and, for a lab with a node, kube-scheduler. Everything on 127.0.0.1,
# on free ports, data and logs in $STATE.

control_ports() {
  ETCD_PORT=$(free_port) ETCD_PEER_PORT=$(free_port) API_PORT=$(free_port)
  KCM_PORT=$(free_port) SCHED_PORT=$(free_port)
}

control_up() {
  local pids=$STATE/pids logs=$STATE/logs ctl
  mkdir -p "$STATE/etcd" && chmod 700 "$STATE/etcd"
  spawn "$pids" "$logs" etcd etcd --name airlock-testlab --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "airlock-testlab=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "" \
    --snapshot-count 10000
  ready "$pids" "$logs" etcd 60 curl -sf "http://127.0.0.1:$ETCD_PORT/health"

  local p=$STATE/pki
  # The API server's client certificate towards the kubelet serves logs, exec and port-forward.
  # No Endpoints for Service "kubernetes": its only address is 127.0.0.1, which pods cannot reach.
  spawn "$pids" "$logs" kube-apiserver "$BIN/kube-apiserver" \
    --bind-address=127.0.0.1 --secure-port="$API_PORT" --insecure-port=0 \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --tls-cert-file="$p/apiserver.crt" --tls-private-key-file="$p/apiserver.key" --client-ca-file="$p/ca.crt" \
    --service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range="$SVC_CIDR" --authorization-mode=Node,RBAC --allow-privileged=true \
    --kubelet-client-certificate="$p/apiserver-kubelet-client.crt" --kubelet-client-key="$p/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP --cert-dir="$STATE/apiserver" --v=1
  ready "$pids" "$logs" kube-apiserver 120 curl -sf --cacert "$p/ca.crt" --cert "$p/admin.crt" --key "$p/admin.key" \
    "https://127.0.0.1:$API_PORT/readyz"

  # Without a node the node-lifecycle controller would taint every Node object unreachable after
  # 40 s (no kubelet reports); with one it lifts the not-ready taint once the kubelet is Ready.
  ctl='*,-nodelifecycle'
  ((WITH_NODE)) && ctl='*'
  kubeconfig "$STATE/kube-controller-manager.kubeconfig" kube-controller-manager
  spawn "$pids" "$logs" kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig="$STATE/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig="$STATE/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig="$STATE/kube-controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --port=0 --leader-elect=false \
    --service-account-private-key-file="$p/sa.key" --root-ca-file="$p/ca.crt" \
    --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" \
    --use-service-account-credentials=true --service-cluster-ip-range="$SVC_CIDR" --controllers="$ctl" --v=1
  ready "$pids" "$logs" kube-controller-manager 60 curl -skf "https://127.0.0.1:$KCM_PORT/healthz"

  if ((WITH_NODE)); then
    kubeconfig "$STATE/kube-scheduler.kubeconfig" kube-scheduler
    spawn "$pids" "$logs" kube-scheduler "$BIN/kube-scheduler" \
      --kubeconfig="$STATE/kube-scheduler.kubeconfig" \
      --authentication-kubeconfig="$STATE/kube-scheduler.kubeconfig" \
      --authorization-kubeconfig="$STATE/kube-scheduler.kubeconfig" \
      --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --port=0 --leader-elect=false --v=1
    ready "$pids" "$logs" kube-scheduler 60 curl -skf "https://127.0.0.1:$SCHED_PORT/healthz"
  fi
}

# The KCM makes the namespace's default ServiceAccount and its token a moment after start; the
# API server refuses pods until then.
control_await_accounts() {
  until_ok 60 "the token of ServiceAccount default/default" \
    bash -c '[[ -n $("$0" --kubeconfig "$1" -n default get sa default -o "jsonpath={.secrets[0].name}") ]]' \
    "$BIN/kubectl" "$STATE/kubeconfig"
}

control_down() {
  halt "$STATE/pids" kube-scheduler kube-controller-manager kube-apiserver etcd
}
