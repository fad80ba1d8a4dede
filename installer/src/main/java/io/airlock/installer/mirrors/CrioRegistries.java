package io.airlock.installer.mirrors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A containers-registries.conf(5) drop-in for CRI-O (and podman, skopeo): per upstream a mirror
 * whose location is {@code HOST:PORT/PREFIX/UPSTREAM}; the library replaces the matched prefix with
 * it, which is exactly the push engine's rule. The CA goes to {@code
 * /etc/containers/certs.d/HOST:PORT/ca.crt}, where the library looks for it.
 */
public final class CrioRegistries {

  static final String DROP_IN = "/etc/containers/registries.conf.d/50-airlock.conf";

  private CrioRegistries() {}

  /** The drop-in's TOML alone (tests feed it to skopeo). */
  public static String dropIn(MirrorTarget target) {
    List<Map<String, Object>> registries = new ArrayList<>();
    for (String upstream : target.upstreams()) {
      String ns = target.namespaceOf(upstream);
      Map<String, Object> mirror = new LinkedHashMap<>();
      mirror.put("location", target.registry() + (ns.isEmpty() ? "" : "/" + ns));
      if (target.plainHttp() || target.skipVerify()) {
        mirror.put("insecure", true);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("prefix", upstream);
      r.put("location", upstream);
      r.put("mirror", List.of(mirror));
      registries.add(r);
    }
    return Documents.toml(Map.of("registry", registries), ContainerdHosts.HEADER);
  }

  public static MirrorConfig config(MirrorTarget target) {
    List<MirrorFile> files = new ArrayList<>();
    files.add(MirrorFile.text(DROP_IN, dropIn(target)));
    if (target.caPem() != null) {
      files.add(
          MirrorFile.text(
              "/etc/containers/certs.d/" + target.registry() + "/ca.crt", target.caPem()));
    }
    return new MirrorConfig(
        MirrorFormat.CRIO,
        files,
        List.of(
            "Place the files on every node",
            "Reload CRI-O (systemctl reload crio) so it rereads registries.conf.d",
            "On OpenShift, nodes are managed by the Machine Config Operator: deliver these files with a MachineConfig instead of by hand"));
  }
}
