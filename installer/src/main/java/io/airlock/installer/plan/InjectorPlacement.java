package io.airlock.installer.plan;

import io.airlock.installer.cluster.NodeFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the seed injector runs and which image already on the node it runs in. Nothing can be
 * pulled yet, so the image must be in {@code status.images}; a pause image is preferred (tiny, on
 * every node, and the injector brings its own static binary).
 *
 * @param node the host node, or null for a DaemonSet over every node of {@code architecture}
 * @param image a tagged name of an image present on the node(s)
 */
public record InjectorPlacement(
    String node, String architecture, String image, List<String> taints) {

  public InjectorPlacement {
    taints = List.copyOf(taints);
  }

  /**
   * One host node for the injector pod (NodePort mode): Ready, schedulable, of an architecture with
   * an injector binary, untainted if possible, holding a pause image.
   */
  public static Optional<InjectorPlacement> hostNode(
      List<NodeFacts> nodes, Set<String> architectures) {
    return nodes.stream()
        .filter(n -> n.ready() && n.schedulable())
        .filter(n -> architectures.isEmpty() || architectures.contains(n.architecture()))
        .filter(n -> presentImage(List.of(n)).isPresent())
        .sorted(
            Comparator.comparing(NodeFacts::hasNoScheduleTaint)
                .thenComparing(n -> !isPause(presentImage(List.of(n)).orElse("")))
                .thenComparing(NodeFacts::name))
        .findFirst()
        .map(
            n ->
                new InjectorPlacement(
                    n.name(),
                    n.architecture(),
                    presentImage(List.of(n)).orElseThrow(),
                    n.taints()));
  }

  /**
   * One placement per architecture for the injector DaemonSet (proxy modes): an image present on
   * every Ready node of that architecture.
   */
  public static List<InjectorPlacement> perArchitecture(
      List<NodeFacts> nodes, Set<String> architectures) {
    List<InjectorPlacement> out = new ArrayList<>();
    nodes.stream()
        .filter(NodeFacts::ready)
        .map(NodeFacts::architecture)
        .distinct()
        .sorted()
        .filter(a -> architectures.isEmpty() || architectures.contains(a))
        .forEach(
            arch -> {
              List<NodeFacts> same =
                  nodes.stream().filter(n -> n.ready() && arch.equals(n.architecture())).toList();
              presentImage(same)
                  .ifPresent(img -> out.add(new InjectorPlacement(null, arch, img, List.of())));
            });
    return out;
  }

  /**
   * An image name present on all {@code nodes}: pause images first, then the smallest; a tagged
   * name before a digest-only one (OpenShift lists most images by digest alone, which kubelet runs
   * just as well).
   */
  static Optional<String> presentImage(List<NodeFacts> nodes) {
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    List<NodeFacts.NodeImage> candidates = new ArrayList<>(nodes.get(0).images());
    candidates.sort(
        Comparator.comparing(
                (NodeFacts.NodeImage i) -> !i.names().stream().anyMatch(InjectorPlacement::isPause))
            .thenComparingLong(NodeFacts.NodeImage::sizeBytes));
    for (boolean tagged : new boolean[] {true, false}) {
      for (NodeFacts.NodeImage image : candidates) {
        for (String name : image.names()) {
          if (tagged && !isTagged(name)) {
            continue;
          }
          boolean everywhere =
              nodes.stream()
                  .allMatch(n -> n.images().stream().anyMatch(i -> i.names().contains(name)));
          if (everywhere) {
            return Optional.of(name);
          }
        }
      }
    }
    return Optional.empty();
  }

  static boolean isPause(String name) {
    String repo = name.replaceAll("[:@].*$", "");
    return repo.endsWith("/pause") || repo.endsWith("-pause") || repo.equals("pause");
  }

  /** A name with a tag ({@code repo:tag} or {@code repo:tag@digest}), not only a digest. */
  static boolean isTagged(String name) {
    String withoutDigest = name.replaceAll("@.*$", "");
    int slash = withoutDigest.lastIndexOf('/');
    return withoutDigest.indexOf(':', slash + 1) > 0;
  }
}
