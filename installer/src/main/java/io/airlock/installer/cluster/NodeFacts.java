package io.airlock.installer.cluster;

import java.util.List;
import java.util.Map;

/**
 * What Airlock knows about one node.
 *
 * @param runtime the container runtime's name ({@code containerd}, {@code cri-o}, {@code docker})
 * @param images the images already present ({@code status.images}), the injector's candidates
 */
public record NodeFacts(
    String name,
    List<String> roles,
    boolean ready,
    boolean schedulable,
    String internalIpv4,
    String internalIpv6,
    String architecture,
    String osImage,
    String kernelVersion,
    String kubeletVersion,
    String runtime,
    String runtimeVersion,
    String allocatableCpu,
    String allocatableMemory,
    String allocatableEphemeralStorage,
    List<String> taints,
    List<NodeImage> images,
    @com.fasterxml.jackson.annotation.JsonIgnore Map<String, String> labels,
    @com.fasterxml.jackson.annotation.JsonIgnore Map<String, String> annotations,
    @com.fasterxml.jackson.annotation.JsonIgnore String providerId) {

  public NodeFacts {
    roles = List.copyOf(roles);
    taints = List.copyOf(taints);
    images = List.copyOf(images);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** An image present on a node: its names (tags and digests) and size. */
  public record NodeImage(List<String> names, long sizeBytes) {
    public NodeImage {
      names = List.copyOf(names);
    }
  }

  /**
   * The allocatable memory as people read it ({@code 8.24 GB}), from the Kubernetes quantity
   * ({@code 8049684Ki}); the quantity itself when it is not one, {@code -} when unknown.
   */
  public String allocatableMemoryReadable() {
    if (allocatableMemory == null || allocatableMemory.isBlank()) {
      return "-";
    }
    try {
      return io.airlock.core.Sizes.human(
          io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                  new io.fabric8.kubernetes.api.model.Quantity(allocatableMemory))
              .longValueExact());
    } catch (IllegalArgumentException | ArithmeticException e) {
      return allocatableMemory;
    }
  }

  /** True when a taint would keep ordinary pods off this node. */
  public boolean hasNoScheduleTaint() {
    return taints.stream().anyMatch(t -> t.endsWith(":NoSchedule") || t.endsWith(":NoExecute"));
  }
}
