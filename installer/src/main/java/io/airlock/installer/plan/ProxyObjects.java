package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;

/**
 * The node proxy (seeds 000/001): on every node, listening on the node's loopback only, forwarding
 * to the registry's ClusterIP Service over mutual TLS. hostPort 127.0.0.1:5000 in hostport mode;
 * host networking bound to [::1]:5000 in hostnetwork mode (IPv6-only clusters).
 */
final class ProxyObjects {

  static final String NAME = "airlock-proxy";
  static final int PORT = 5000;

  private ProxyObjects() {}

  /**
   * The proxies' upstream: the registry Service's cluster IP as the kubelet gives it to every pod
   * of the namespace ({@code AIRLOCK_REGISTRY_SERVICE_HOST}, expanded in the arguments), so the
   * proxies need no cluster DNS (a node may have none it can use, and a hostPort pod's DNS comes
   * from the cluster's own pods); the certificate is checked against the Service's name.
   */
  static String upstream(boolean ipv6) {
    String host =
        "$("
            + RegistryObjects.NAME.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
            + "_SERVICE_HOST)";
    return (ipv6 ? "[" + host + "]" : host) + ":" + RegistryObjects.SERVE_PORT_TLS;
  }

  static DaemonSet daemonSet(
      String namespace, String image, boolean hostNetwork, String upstream, String serverName) {
    // hostPort maps the node's 127.0.0.1:5000 into the pod network, where the proxy listens.
    java.util.List<String> listen =
        java.util.List.of(hostNetwork ? "[::1]:" + PORT : "0.0.0.0:" + PORT);
    ContainerBuilder c =
        new ContainerBuilder()
            .withName("proxy")
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
            .withArgs(ProxyContract.args(listen, upstream, serverName, !hostNetwork))
            .withSecurityContext(Pods.container())
            .addNewPort()
            .withName("proxy")
            .withContainerPort(PORT)
            .withHostPort(hostNetwork ? null : PORT)
            .withHostIP(hostNetwork ? null : "127.0.0.1")
            .withProtocol("TCP")
            .endPort()
            // Every pull of the node goes through it: a CPU weight of 10m starved it on a busy
            // node (bench/proxy.sh: half the direct pull's speed); no CPU limit.
            .withResources(Pods.resources("100m", "16Mi", "64Mi"))
            // Ready only while the whole path serves: the probe's GET /v2/ goes through this
            // proxy, its client certificate and the registry's mutual TLS.
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withHost(hostNetwork ? "::1" : null)
            .withPath("/v2/")
            .withPort(new io.fabric8.kubernetes.api.model.IntOrString(PORT))
            .endHttpGet()
            .withPeriodSeconds(5)
            .withTimeoutSeconds(5)
            .withFailureThreshold(2)
            .endReadinessProbe()
            .addNewVolumeMount()
            .withName("tls")
            .withMountPath(ProxyContract.TLS_DIR)
            .withReadOnly(true)
            .endVolumeMount();
    return new DaemonSetBuilder()
        .withMetadata(Labels.metadata(NAME, namespace, "proxy"))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(Labels.selector("proxy"))
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.common("proxy"))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(AccessObjects.PROXY_SA)
        .withAutomountServiceAccountToken(false)
        .withHostNetwork(hostNetwork ? Boolean.TRUE : null)
        .withDnsPolicy(hostNetwork ? "ClusterFirstWithHostNet" : null)
        .withSecurityContext(Pods.pod())
        .withTolerations(Pods.everywhere())
        .withContainers(c.build())
        .addNewVolume()
        .withName("tls")
        .withNewSecret()
        .withSecretName(TlsSecrets.PROXY)
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
