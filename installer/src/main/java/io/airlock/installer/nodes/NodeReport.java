package io.airlock.installer.nodes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What airlock-nodecfg did on one node, as its termination message says (one line of JSON).
 *
 * @param configPath what containerd's config_path names on the node ("" unset), null when not read
 * @param error why it stopped, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeReport(
    String node,
    String root,
    List<Entry> files,
    List<Entry> dirs,
    String configPath,
    String error) {

  public NodeReport {
    files = files == null ? List.of() : List.copyOf(files);
    dirs = dirs == null ? List.of() : List.copyOf(dirs);
  }

  /**
   * @param action created, replaced, unchanged (apply); restored, removed, kept, absent (restore)
   * @param backup a backup of the site's file is on the node beside it
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(String path, String action, boolean backup) {}

  static NodeReport failed(String node, String error) {
    return new NodeReport(node, null, List.of(), List.of(), null, error);
  }

  /** Counts per action, e.g. "1 replaced, 2 created in /etc/containerd/certs.d". */
  public String summary() {
    java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    files.forEach(f -> counts.merge(f.action(), 1, Integer::sum));
    java.util.List<String> parts = new java.util.ArrayList<>();
    counts.forEach((a, n) -> parts.add(n + " " + a));
    return (parts.isEmpty() ? "no file" : String.join(", ", parts)) + " in " + root;
  }

  /** True when something on the node changed. */
  public boolean changed() {
    return files.stream().anyMatch(f -> !"unchanged".equals(f.action()));
  }
}
