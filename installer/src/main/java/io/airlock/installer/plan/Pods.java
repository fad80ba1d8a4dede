package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;

/**
 * The hardened pod settings all of Airlock's workloads share (Pod Security "restricted" where
 * possible).
 */
public final class Pods {

  static final long USER = 65532;

  private Pods() {}

  /** A container's TCP port, named so that probes and Services refer to it by name. */
  static ContainerPort port(String name, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol("TCP")
        .build();
  }

  /** Volume {@code volume} at {@code path}; read-only unless the container writes there. */
  static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly ? Boolean.TRUE : null)
        .build();
  }

  static SecurityContext container() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /**
   * A container that must run as root (to write a node's files, to chown a volume): still no
   * privilege escalation, a read-only root file system, and every capability dropped but {@code
   * add}.
   */
  public static SecurityContext root(String... add) {
    SecurityContextBuilder b =
        new SecurityContextBuilder()
            .withRunAsUser(0L)
            .withRunAsNonRoot(false)
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true);
    var capabilities = b.withNewCapabilities().withDrop("ALL");
    if (add.length > 0) {
      capabilities.withAdd(add);
    }
    return capabilities.endCapabilities().build();
  }

  /** seccompProfile is a field since Kubernetes 1.19, so valid from 1.20 on. */
  /** Requests of CPU and memory, and a memory limit (CPU is never limited: no throttling). */
  static ResourceRequirements resources(String cpu, String memory, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .addToLimits("memory", new Quantity(memoryLimit))
        .build();
  }

  static PodSecurityContext pod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER)
        .withRunAsGroup(USER)
        .withFsGroup(USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** DaemonSets that serve pulls must run on every node, control planes and tainted ones too. */
  static List<Toleration> everywhere() {
    return List.of(new TolerationBuilder().withOperator("Exists").build());
  }
}
