package io.airlock.installer.cluster;

/**
 * The cluster's networking as far as a registry is concerned.
 *
 * @param familiesEvidence how the families were learned (a dry-run Service, node addresses)
 * @param kubeProxyEvidence where the mode was read
 * @param localhostNodePort whether a NodePort answers on 127.0.0.1 of every node
 * @param localhostNodePortReason why (not)
 */
public record NetworkFacts(
    IpFamilies families,
    String familiesEvidence,
    KubeProxyMode kubeProxy,
    String kubeProxyEvidence,
    boolean localhostNodePort,
    String localhostNodePortReason) {}
