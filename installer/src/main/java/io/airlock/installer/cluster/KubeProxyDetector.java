package io.airlock.installer.cluster;

import io.airlock.core.oci.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.Yaml;

/**
 * Finds kube-proxy's mode and its localhost NodePort settings: from k3s/RKE2 node arguments, from
 * kube-proxy pods' flags and from its KubeProxyConfiguration ConfigMap; and notices when no
 * kube-proxy runs (disabled, or replaced by Cilium or OVN-Kubernetes).
 */
public final class KubeProxyDetector {

  /**
   * @param localhostNodePorts false when kube-proxy was told not to serve NodePorts on localhost
   * @param nodePortAddresses the nodePortAddresses setting, empty for all addresses
   */
  public record Found(
      KubeProxyMode mode,
      String evidence,
      boolean localhostNodePorts,
      List<String> nodePortAddresses) {
    public Found {
      nodePortAddresses = List.copyOf(nodePortAddresses);
    }
  }

  private KubeProxyDetector() {}

  /**
   * @param kubeSystemPods pods of kube-system, or null when Airlock may not list them
   * @param configMaps looks up a kube-system ConfigMap by name
   */
  public static Found detect(
      List<NodeFacts> nodes,
      Distro distro,
      List<Pod> kubeSystemPods,
      Function<String, Optional<ConfigMap>> configMaps) {
    if (distro == Distro.K3S || distro == Distro.RKE2) {
      String key = distro == Distro.K3S ? "k3s.io/node-args" : "rke2.io/node-args";
      for (NodeFacts n : nodes) {
        String raw = n.annotations().get(key);
        if (raw == null) {
          continue;
        }
        List<String> args = nodeArgs(raw);
        if (args.contains("--disable-kube-proxy")) {
          return new Found(
              KubeProxyMode.NONE,
              key + " on " + n.name() + ": --disable-kube-proxy",
              false,
              List.of());
        }
        List<String> proxyArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
          String a = args.get(i);
          if (a.equals("--kube-proxy-arg") && i + 1 < args.size()) {
            proxyArgs.add("--" + args.get(i + 1).replaceFirst("^--", ""));
          } else if (a.startsWith("--kube-proxy-arg=")) {
            proxyArgs.add("--" + a.substring("--kube-proxy-arg=".length()).replaceFirst("^--", ""));
          }
        }
        if (distro == Distro.K3S || !proxyArgs.isEmpty()) {
          return fromFlags(proxyArgs, key + " on " + n.name(), configMaps);
        }
      }
    }
    if (kubeSystemPods == null) {
      return new Found(
          KubeProxyMode.UNKNOWN, "kube-system pods cannot be listed (forbidden)", true, List.of());
    }
    for (Pod p : kubeSystemPods) {
      Map<String, String> labels =
          Optional.ofNullable(p.getMetadata().getLabels()).orElse(Map.of());
      boolean proxy =
          "kube-proxy".equals(labels.get("k8s-app"))
              || "kube-proxy".equals(labels.get("component"))
              || p.getMetadata().getName().startsWith("kube-proxy");
      if (!proxy || p.getSpec() == null) {
        continue;
      }
      for (Container c : p.getSpec().getContainers()) {
        // Split on blanks too: some distributions wrap kube-proxy in "sh -c 'exec kube-proxy ...'".
        List<String> flags = new ArrayList<>();
        Optional.ofNullable(c.getCommand())
            .orElse(List.of())
            .forEach(f -> flags.addAll(List.of(f.trim().split("\\s+"))));
        Optional.ofNullable(c.getArgs())
            .orElse(List.of())
            .forEach(f -> flags.addAll(List.of(f.trim().split("\\s+"))));
        if (flags.stream().anyMatch(f -> f.contains("kube-proxy") || f.startsWith("--"))) {
          return fromFlags(flags, "kube-proxy pod " + p.getMetadata().getName(), configMaps);
        }
      }
    }
    Optional<String> replacement =
        configMaps
            .apply("cilium-config")
            .map(cm -> cm.getData() == null ? null : cm.getData().get("kube-proxy-replacement"))
            .filter(v -> v.equals("true") || v.equals("strict"));
    if (replacement.isPresent()) {
      return new Found(
          KubeProxyMode.NONE,
          "no kube-proxy pods; Cilium kube-proxy-replacement=" + replacement.get(),
          false,
          List.of());
    }
    if (distro == Distro.OPENSHIFT) {
      return new Found(
          KubeProxyMode.NONE,
          "no kube-proxy pods; OpenShift networking (OVN-Kubernetes) serves Services",
          false,
          List.of());
    }
    // kube-proxy may run on the nodes outside Kubernetes (a system service): absent pods prove
    // nothing either way.
    return new Found(
        KubeProxyMode.UNKNOWN,
        "no kube-proxy pods in kube-system; it may run on the nodes as a service",
        true,
        List.of());
  }

  private static Found fromFlags(
      List<String> flags, String where, Function<String, Optional<ConfigMap>> configMaps) {
    KubeProxyMode mode = null;
    Boolean localhost = null;
    List<String> addresses = null;
    String evidence = where;
    boolean hasConfig = false;
    for (int i = 0; i < flags.size(); i++) {
      String f = flags.get(i);
      String value =
          f.contains("=")
              ? f.substring(f.indexOf('=') + 1)
              : (i + 1 < flags.size() ? flags.get(i + 1) : "");
      if (f.startsWith("--proxy-mode")) {
        mode = KubeProxyMode.parse(value);
        evidence = where + ": --proxy-mode=" + value;
      } else if (f.startsWith("--iptables-localhost-nodeports")) {
        localhost = !value.equalsIgnoreCase("false");
      } else if (f.startsWith("--nodeport-addresses")) {
        addresses = List.of(value.split(","));
      } else if (f.startsWith("--config")) {
        hasConfig = true;
      }
    }
    if (hasConfig && (mode == null || localhost == null || addresses == null)) {
      for (String name : List.of("kube-proxy", "kube-proxy-config")) {
        Optional<Map<String, Object>> config =
            configMaps.apply(name).flatMap(KubeProxyDetector::configuration);
        if (config.isPresent()) {
          Map<String, Object> c = config.get();
          if (mode == null) {
            mode =
                KubeProxyMode.parse(String.valueOf(Optional.ofNullable(c.get("mode")).orElse("")));
            evidence =
                "ConfigMap kube-system/"
                    + name
                    + ": mode: "
                    + Optional.ofNullable(c.get("mode")).orElse("\"\"");
          }
          if (localhost == null
              && c.get("iptables") instanceof Map<?, ?> ipt
              && ipt.get("localhostNodePorts") instanceof Boolean b) {
            localhost = b;
          }
          if (addresses == null && c.get("nodePortAddresses") instanceof List<?> l) {
            addresses = l.stream().map(String::valueOf).toList();
          }
          break;
        }
      }
    }
    if (mode == null) {
      mode = KubeProxyMode.IPTABLES;
      evidence = where + ": no mode set, kube-proxy's default is iptables";
    }
    return new Found(
        mode, evidence, localhost == null || localhost, addresses == null ? List.of() : addresses);
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> configuration(ConfigMap cm) {
    if (cm.getData() == null) {
      return Optional.empty();
    }
    for (String text : cm.getData().values()) {
      if (text != null && text.contains("KubeProxyConfiguration")) {
        try {
          Object o = new Yaml().load(text);
          if (o instanceof Map<?, ?> m) {
            return Optional.of((Map<String, Object>) m);
          }
        } catch (RuntimeException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** k3s and RKE2 record their command line as a JSON array in a node annotation. */
  static List<String> nodeArgs(String raw) {
    try {
      List<String> out = new ArrayList<>();
      Json.parse(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .forEach(n -> out.add(n.asText()));
      return out;
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  /** Whether NodePorts answer on 127.0.0.1 given the mode, settings and families, and why. */
  public static NetworkFacts assess(
      IpFamilies families, String familiesEvidence, Found proxy, Distro distro) {
    boolean works;
    String why;
    if (!families.hasIpv4()) {
      works = false;
      why =
          "the cluster is IPv6-only: IPv6 has no route_localnet, so NodePorts never answer on [::1]";
    } else if (proxy.mode() == KubeProxyMode.NFTABLES) {
      works = false;
      why = "kube-proxy's nftables mode does not serve NodePorts on 127.0.0.1 (by design)";
    } else if (proxy.mode() == KubeProxyMode.NONE) {
      works = false;
      why = "no kube-proxy sets up 127.0.0.1 NodePorts (" + proxy.evidence() + ")";
    } else if (proxy.mode() == KubeProxyMode.UNKNOWN) {
      works = false;
      why = "Airlock could not tell how NodePorts are served (" + proxy.evidence() + ")";
    } else if (!proxy.localhostNodePorts()) {
      works = false;
      why =
          "kube-proxy is configured not to serve NodePorts on localhost (localhostNodePorts: false)";
    } else if (!proxy.nodePortAddresses().isEmpty()
        && proxy.nodePortAddresses().stream().noneMatch(KubeProxyDetector::coversLoopback)) {
      works = false;
      why =
          "kube-proxy serves NodePorts only on "
              + String.join(", ", proxy.nodePortAddresses())
              + ", not on 127.0.0.1";
    } else if (distro == Distro.TALOS || distro == Distro.OPENSHIFT) {
      works = false;
      why = distro.display() + " does not serve NodePorts on 127.0.0.1 by default (seed 001)";
    } else {
      works = true;
      why =
          "kube-proxy in "
              + proxy.mode().display()
              + " mode serves NodePorts on 127.0.0.1 (route_localnet) on an IPv4 cluster";
    }
    return new NetworkFacts(families, familiesEvidence, proxy.mode(), proxy.evidence(), works, why);
  }

  private static boolean coversLoopback(String cidr) {
    String c = cidr.trim();
    return c.startsWith("127.") || c.equals("0.0.0.0/0");
  }
}
