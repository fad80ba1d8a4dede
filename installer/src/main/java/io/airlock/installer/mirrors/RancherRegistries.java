package io.airlock.installer.mirrors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k3s and RKE2 {@code registries.yaml}: one mirror per upstream with our registry as endpoint and a
 * {@code rewrite} that puts {@code PREFIX/UPSTREAM/} in front of the repository (k3s 1.21+, every
 * RKE2), so the path rule stays exactly the push engine's.
 */
public final class RancherRegistries {

  private RancherRegistries() {}

  public static MirrorConfig config(MirrorTarget target, MirrorFormat format) {
    String product = format == MirrorFormat.RKE2 ? "rke2" : "k3s";
    String dir = "/etc/rancher/" + product;
    String caPath = target.caPem() == null ? null : dir + "/airlock-ca.crt";
    Map<String, Object> mirrors = new LinkedHashMap<>();
    for (String upstream : target.upstreams()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("endpoint", List.of(target.baseUrl()));
      String ns = target.namespaceOf(upstream);
      if (!ns.isEmpty()) {
        m.put("rewrite", Map.of("^(.*)$", ns + "/$1"));
      }
      mirrors.put(upstream, m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("mirrors", mirrors);
    if (caPath != null || target.skipVerify()) {
      Map<String, Object> tls = new LinkedHashMap<>();
      if (caPath != null) {
        tls.put("ca_file", caPath);
      }
      if (target.skipVerify()) {
        tls.put("insecure_skip_verify", true);
      }
      doc.put("configs", Map.of(target.registry(), Map.of("tls", tls)));
    }
    List<MirrorFile> files = new ArrayList<>();
    files.add(
        MirrorFile.text(dir + "/registries.yaml", Documents.yaml(doc, ContainerdHosts.HEADER)));
    if (caPath != null) {
      files.add(MirrorFile.text(caPath, target.caPem()));
    }
    String service = format == MirrorFormat.RKE2 ? "rke2-server or rke2-agent" : "k3s or k3s-agent";
    return new MirrorConfig(
        format,
        files,
        List.of(
            "Place the files on every node (servers too: they run workloads unless tainted)",
            "Restart "
                + service
                + " (systemctl restart ...): "
                + product
                + " reads registries.yaml at start"));
  }
}
