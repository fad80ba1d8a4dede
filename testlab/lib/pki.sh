# The lab's PKI and kubeconfigs, made with openssl in $STATE/pki (sourced by testlab/lab): one CA,
# EC P-256 keys (fast to make), a certificate per component, kept across down/up of one STATE.

pki_cert() { # NAME SUBJECT EXTENSIONS: a key and a certificate signed by the lab's CA
  local p=$STATE/pki
  [[ -s $p/$1.crt ]] && return 0
  openssl ecparam -name prime256v1 -genkey -noout -out "$p/$1.key"
  openssl req -new -key "$p/$1.key" -subj "$2" -out "$p/$1.csr"
  printf '%s\n' "$3" >"$p/$1.ext"
  openssl x509 -req -in "$p/$1.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -days 3650 \
    -sha256 -extfile "$p/$1.ext" -out "$p/$1.crt" 2>/dev/null
  rm -f "$p/$1.csr" "$p/$1.ext"
}

pki_make() { # SERVICE_IP: everything the control plane and a node need
  local p=$STATE/pki client
  mkdir -p "$p"
  chmod 700 "$p"
  if [[ ! -s $p/ca.crt ]]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$p/ca.key"
    openssl req -x509 -new -key "$p/ca.key" -sha256 -days 3650 -subj "/CN=airlock-testlab-ca" -out "$p/ca.crt"
  fi
  client=$'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth'
  pki_cert apiserver "/CN=kube-apiserver" $'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n'"subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:::1,IP:$1"
  pki_cert admin "/O=system:masters/CN=airlock-testlab-admin" "$client"
  pki_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
  pki_cert kube-controller-manager "/CN=system:kube-controller-manager" "$client"
  pki_cert kube-scheduler "/CN=system:kube-scheduler" "$client"
  pki_cert kube-proxy "/CN=system:kube-proxy" "$client"
  pki_cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" "$client"
  if [[ ! -s $p/sa.key ]]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$p/sa.key"
    openssl ec -in "$p/sa.key" -pubout -out "$p/sa.pub" 2>/dev/null
  fi
}

kubeconfig() { # FILE NAME: a kubeconfig for $STATE/pki/NAME.{crt,key} (written without kubectl)
  local p=$STATE/pki
  (
    umask 077
    cat >"$1.tmp" <<EOT
apiVersion: v1
kind: Config
clusters:
- name: airlock-testlab
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 "$p/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 "$p/$2.crt")
    client-key-data: $(base64 -w0 "$p/$2.key")
contexts:
- name: airlock-testlab
  context: {cluster: airlock-testlab, user: $2}
current-context: airlock-testlab
EOT
  )
  mv "$1.tmp" "$1"
}
