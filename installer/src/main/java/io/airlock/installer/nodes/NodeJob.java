package io.airlock.installer.nodes;

import io.airlock.installer.plan.Labels;
import io.airlock.installer.plan.Pods;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-shot DaemonSet that runs airlock-nodecfg once on some nodes: the program is the init
 * container (its termination message is the node's report), a main container of the same image only
 * waits until Airlock removes the DaemonSet. The one host path mounted is the runtime's
 * configuration directory (and, for containerd, its config.toml's directory, read-only). Root, to
 * write files root owns, but no capability, no privilege escalation and a read-only image.
 *
 * @param configMap the files to place (apply), or null (restore)
 */
public record NodeJob(String name, DaemonSet daemonSet, ConfigMap configMap) {

  static final String COMPONENT = "node-config";
  static final String TARGET = "/host";
  static final String SOURCE = "/airlock/files";
  static final String CONTAINERD_DIR = "/host-containerd";

  /** Writes {@code files} on {@code nodes}, backing up what it replaces. */
  public static NodeJob apply(
      String namespace, String image, NodeFiles files, NodeConsent consent, List<String> nodes) {
    String name = name(files);
    ConfigMapBuilder cm =
        new ConfigMapBuilder().withMetadata(Labels.metadata(name, namespace, COMPONENT));
    List<String> args =
        new ArrayList<>(
            List.of("apply", "--source", SOURCE, "--target", TARGET, "--host-path", files.root()));
    for (int i = 0; i < files.files().size(); i++) {
      NodeFiles.File f = files.files().get(i);
      cm.addToData("file-" + i, new String(f.content(), java.nio.charset.StandardCharsets.UTF_8));
      args.add("--file");
      args.add("file-" + i + "=" + f.path());
    }
    List<Volume> volumes = new ArrayList<>(List.of(host(files.root())));
    volumes.add(
        new VolumeBuilder()
            .withName("files")
            .withNewConfigMap()
            .withName(name)
            .endConfigMap()
            .build());
    List<VolumeMount> mounts = new ArrayList<>(List.of(mount("host", TARGET, false)));
    mounts.add(mount("files", SOURCE, true));
    if (files.format() == io.airlock.installer.mirrors.MirrorFormat.CONTAINERD) {
      String config = consent.containerdConfig();
      int slash = config.lastIndexOf('/');
      volumes.add(
          new VolumeBuilder()
              .withName("containerd")
              .withNewHostPath()
              .withPath(slash == 0 ? "/" : config.substring(0, slash))
              .withType("Directory")
              .endHostPath()
              .build());
      mounts.add(mount("containerd", CONTAINERD_DIR, true));
      args.add("--containerd-config");
      args.add(CONTAINERD_DIR + config.substring(slash));
    }
    return new NodeJob(
        name, daemonSet(namespace, name, image, nodes, args, volumes, mounts), cm.build());
  }

  /** Puts back what an apply replaced and removes what it created, on {@code nodes}. */
  public static NodeJob restore(
      String namespace,
      String image,
      io.airlock.installer.mirrors.MirrorFormat format,
      String root,
      List<String> nodes,
      List<String> restore,
      List<String> remove,
      List<String> dirs) {
    String name = "airlock-nodecfg-" + format.id();
    List<String> args =
        new ArrayList<>(List.of("restore", "--target", TARGET, "--host-path", root));
    restore.forEach(r -> args.addAll(List.of("--restore", r)));
    remove.forEach(r -> args.addAll(List.of("--remove", r)));
    dirs.forEach(d -> args.addAll(List.of("--dir", d)));
    return new NodeJob(
        name,
        daemonSet(
            namespace,
            name,
            image,
            nodes,
            args,
            List.of(host(root)),
            List.of(mount("host", TARGET, false))),
        null);
  }

  static String name(NodeFiles files) {
    return "airlock-nodecfg-" + files.format().id();
  }

  private static Volume host(String root) {
    return new VolumeBuilder()
        .withName("host")
        .withNewHostPath()
        .withPath(root)
        .withType("DirectoryOrCreate")
        .endHostPath()
        .build();
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    return new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
        .withName(name)
        .withMountPath(path)
        .withReadOnly(readOnly)
        .build();
  }

  private static DaemonSet daemonSet(
      String namespace,
      String name,
      String image,
      List<String> nodes,
      List<String> args,
      List<Volume> volumes,
      List<VolumeMount> mounts) {
    Container work =
        new ContainerBuilder()
            .withName("nodecfg")
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
            .withArgs(args)
            .withEnv(
                new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                    .withName("NODE_NAME")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("spec.nodeName")
                    .endFieldRef()
                    .endValueFrom()
                    .build())
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withSecurityContext(Pods.root())
            .withVolumeMounts(mounts)
            .withNewResources()
            .addToRequests("cpu", new Quantity("10m"))
            .addToRequests("memory", new Quantity("16Mi"))
            .addToLimits("memory", new Quantity("64Mi"))
            .endResources()
            .build();
    Container hold =
        new ContainerBuilder()
            .withName("hold")
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
            .withArgs("hold")
            .withSecurityContext(Pods.root())
            .withNewResources()
            .addToRequests("cpu", new Quantity("1m"))
            .addToRequests("memory", new Quantity("4Mi"))
            .addToLimits("memory", new Quantity("16Mi"))
            .endResources()
            .build();
    return new DaemonSetBuilder()
        .withMetadata(Labels.metadata(name, namespace, COMPONENT))
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels(Labels.selector(COMPONENT))
        .addToMatchLabels("airlock.io/job", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.common(COMPONENT))
        .addToLabels("airlock.io/job", name)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchField()
        .withKey("metadata.name")
        .withOperator("In")
        .withValues(nodes)
        .endMatchField()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .withTolerations(new TolerationBuilder().withOperator("Exists").build())
        .withTerminationGracePeriodSeconds(1L)
        .withInitContainers(work)
        .withContainers(hold)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
