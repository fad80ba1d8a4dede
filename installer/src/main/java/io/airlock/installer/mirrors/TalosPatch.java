package io.airlock.installer.mirrors;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Talos machine config patch: {@code machine.registries.mirrors} with one endpoint per upstream
 * carrying {@code /v2/PREFIX/UPSTREAM} and {@code overridePath: true} (seed 004), and the CA under
 * {@code machine.registries.config}. Talos turns this into the same containerd hosts.toml.
 */
public final class TalosPatch {

  static final String PATCH = "/airlock-registries.patch.yaml";

  private TalosPatch() {}

  public static MirrorConfig config(MirrorTarget target) {
    Map<String, Object> mirrors = new LinkedHashMap<>();
    for (String upstream : target.upstreams()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("endpoints", List.of(target.overridePathEndpoint(upstream)));
      m.put("overridePath", true);
      mirrors.put(upstream, m);
    }
    Map<String, Object> registries = new LinkedHashMap<>();
    registries.put("mirrors", mirrors);
    if (target.caPem() != null || target.skipVerify()) {
      Map<String, Object> tls = new LinkedHashMap<>();
      if (target.caPem() != null) {
        tls.put(
            "ca",
            Base64.getEncoder().encodeToString(target.caPem().getBytes(StandardCharsets.US_ASCII)));
      }
      if (target.skipVerify()) {
        tls.put("insecureSkipVerify", true);
      }
      registries.put("config", Map.of(target.registry(), Map.of("tls", tls)));
    }
    Map<String, Object> doc = Map.of("machine", Map.of("registries", registries));
    return new MirrorConfig(
        MirrorFormat.TALOS,
        List.of(MirrorFile.text(PATCH, Documents.yaml(doc, ContainerdHosts.HEADER))),
        List.of(
            "This file is not copied to nodes: apply it with talosctl patch machineconfig --nodes NODE[,NODE...] --patch @airlock-registries.patch.yaml",
            "Talos applies registry changes without a reboot"));
  }
}
