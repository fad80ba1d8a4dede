package io.airlock.installer.plan;

import io.airlock.installer.cluster.Distro;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.mirrors.MirrorConfig;
import io.airlock.installer.mirrors.MirrorConfigs;
import io.airlock.installer.mirrors.MirrorFile;
import io.airlock.installer.mirrors.MirrorFormat;
import io.airlock.installer.mirrors.MirrorTarget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The mirror configuration per node: which format each node needs (from its distribution and
 * runtime), and one ConfigMap per format holding the files ({@code file-N}) and an {@code
 * index.yaml} naming each file's node path, the nodes, and the steps. Kept in the cluster so new
 * nodes, the wizard and a later node applier find them.
 */
final class MirrorObjects {

  private MirrorObjects() {}

  /** The format a node needs, or null when Airlock has none for its runtime. */
  static MirrorFormat formatFor(NodeFacts node, Distro distro) {
    return switch (distro) {
      case K3S -> MirrorFormat.K3S;
      case RKE2 -> MirrorFormat.RKE2;
      case K0S -> MirrorFormat.K0S;
      case TALOS -> MirrorFormat.TALOS;
      default ->
          switch (node.runtime()) {
            case "containerd" -> MirrorFormat.CONTAINERD;
            case "cri-o" -> MirrorFormat.CRIO;
            default -> null;
          };
    };
  }

  record Result(List<ConfigMap> configMaps, List<NodeMirror> nodes) {}

  static Result plan(String namespace, List<NodeFacts> nodes, Distro distro, MirrorTarget target) {
    Map<MirrorFormat, List<String>> byFormat = new TreeMap<>();
    List<NodeMirror> perNode = new ArrayList<>();
    for (NodeFacts n : nodes) {
      MirrorFormat f = formatFor(n, distro);
      if (f == null) {
        perNode.add(
            new NodeMirror(
                n.name(),
                n.runtime(),
                null,
                null,
                "no mirror format for runtime '"
                    + n.runtime()
                    + "': configure its mirrors by hand"));
        continue;
      }
      byFormat.computeIfAbsent(f, k -> new ArrayList<>()).add(n.name());
      perNode.add(new NodeMirror(n.name(), n.runtime(), f, name(f), ""));
    }
    List<ConfigMap> maps = new ArrayList<>();
    byFormat.forEach(
        (format, names) ->
            maps.add(configMap(namespace, format, MirrorConfigs.of(format, target), names)));
    return new Result(maps, perNode);
  }

  static String name(MirrorFormat f) {
    return "airlock-mirrors-" + f.id();
  }

  private static ConfigMap configMap(
      String namespace, MirrorFormat format, MirrorConfig config, List<String> nodes) {
    ConfigMapBuilder b =
        new ConfigMapBuilder()
            .withNewMetadataLike(Labels.metadata(name(format), namespace, "node-mirrors"))
            .addToAnnotations("airlock.io/format", format.id())
            .endMetadata();
    List<Map<String, String>> files = new ArrayList<>();
    for (int i = 0; i < config.files().size(); i++) {
      MirrorFile f = config.files().get(i);
      String key = "file-" + i;
      b.addToData(key, f.text());
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("key", key);
      entry.put("path", f.nodePath());
      files.add(entry);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("format", format.id());
    index.put("nodes", nodes);
    index.put("files", files);
    index.put("steps", config.steps());
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    b.addToData("index.yaml", new Yaml(o).dump(index));
    return b.build();
  }
}
