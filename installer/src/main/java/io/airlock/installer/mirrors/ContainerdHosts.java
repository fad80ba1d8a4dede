package io.airlock.installer.mirrors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * containerd's registry host directories: one {@code hosts.toml} per upstream under a {@code
 * config_path} directory, each sending pulls to our registry with {@code override_path} (the
 * endpoint carries {@code /v2/PREFIX/UPSTREAM} itself), plus one for our registry's own address
 * when it needs a CA. containerd reads these without a restart.
 */
public final class ContainerdHosts {

  static final String HEADER =
      "Written by Airlock: pulls of upstream names go to the site registry.";

  private ContainerdHosts() {}

  /** The files under {@code configPath} (e.g. {@code /etc/containerd/certs.d}). */
  public static List<MirrorFile> files(MirrorTarget target, String configPath) {
    List<MirrorFile> files = new ArrayList<>();
    String caPath =
        target.caPem() == null ? null : configPath + "/" + hostDir(target.registry()) + "/ca.crt";
    for (String upstream : target.upstreams()) {
      Map<String, Object> host = new LinkedHashMap<>();
      host.put("capabilities", List.of("pull", "resolve"));
      host.put("override_path", true);
      tls(target, caPath, host);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("server", MirrorTarget.upstreamServer(upstream));
      doc.put("host", Map.of(target.overridePathEndpoint(upstream), host));
      files.add(
          MirrorFile.text(
              configPath + "/" + hostDir(upstream) + "/hosts.toml", Documents.toml(doc, HEADER)));
    }
    if (caPath != null || target.skipVerify()) {
      // Direct pulls of HOST:PORT/... (the registry's own workloads) need the same trust.
      Map<String, Object> host = new LinkedHashMap<>();
      host.put("capabilities", List.of("pull", "resolve", "push"));
      tls(target, caPath, host);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("server", target.baseUrl());
      doc.put("host", Map.of(target.baseUrl(), host));
      files.add(
          MirrorFile.text(
              configPath + "/" + hostDir(target.registry()) + "/hosts.toml",
              Documents.toml(doc, HEADER)));
    }
    if (caPath != null) {
      files.add(MirrorFile.text(caPath, target.caPem()));
    }
    return files;
  }

  private static void tls(MirrorTarget target, String caPath, Map<String, Object> host) {
    if (target.plainHttp()) {
      return;
    }
    if (caPath != null) {
      host.put("ca", caPath);
    }
    if (target.skipVerify()) {
      host.put("skip_verify", true);
    }
  }

  /**
   * containerd's directory name for a host: {@code HOST:PORT} as written, brackets kept for IPv6.
   */
  static String hostDir(String host) {
    return host;
  }

  public static MirrorConfig config(MirrorTarget target) {
    String dir = "/etc/containerd/certs.d";
    return new MirrorConfig(
        MirrorFormat.CONTAINERD,
        files(target, dir),
        List.of(
            "Make sure containerd's CRI plugin reads "
                + dir
                + ": in /etc/containerd/config.toml set"
                + " config_path = \""
                + dir
                + "\" under [plugins.\"io.containerd.grpc.v1.cri\".registry]"
                + " (containerd 1.x, version = 2) or [plugins.\"io.containerd.cri.v1.images\".registry] (containerd 2.x, version = 3)",
            "Restart containerd once if config_path was just set (systemctl restart containerd); later changes to hosts.toml need no restart"));
  }
}
