package io.airlock.installer.testing;

import io.airlock.core.testing.Command;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test lab cluster with a real node ({@code lab-node}): its own containerd, CNI bridge, kubelet
 * and kube-proxy in iptables mode, so pods run, hostPorts and NodePorts answer on the node's
 * address and (IPv4) on 127.0.0.1. One per machine at a time; a test class asks for it with {@link
 * NeedsNode}. No image can be pulled from outside: pods use {@link #labtoolImage()} or images put
 * in with {@link #importImage}, or pull through a registry the test configures in {@link
 * #registryHostsDir()}.
 */
public final class NodeLab extends KubeLab {

  /** The cluster's one address family: Services, pods and the node's address. */
  public enum Family {
    IPV4,
    IPV6
  }

  NodeLab(LabScript.Env env) {
    super(env);
  }

  public Family family() {
    return env.get("FAMILY").equals("ipv6") ? Family.IPV6 : Family.IPV4;
  }

  /** The Node's name, {@code lab-node}. */
  public String nodeName() {
    return env.get("NODE");
  }

  /** The node's InternalIP (on the lab's bridge; the pods' gateway). */
  public String nodeIp() {
    return env.get("NODE_IP");
  }

  public String podCidr() {
    return env.get("POD_CIDR");
  }

  public String serviceCidr() {
    return env.get("SVC_CIDR");
  }

  /**
   * The node's containerd {@code config_path}: a directory per registry host holding its {@code
   * hosts.toml}, read at each pull. Empty when the node starts; a test writes what an operator
   * would (e.g. what {@code airlock mirrors} generates) and the next pull uses it.
   */
  public Path registryHostsDir() {
    return env.path("REGISTRY_HOSTS_DIR");
  }

  public Path containerdSocket() {
    return env.path("CONTAINERD_SOCK");
  }

  /**
   * {@code airlock-testlab.local/labtool:1}, present on the node: {@code labtool serve [ADDR:]PORT
   * BODY} answers HTTP with BODY (or the file BODY names), {@code labtool cat FILE...} prints
   * files, {@code labtool sleep}. Use {@code imagePullPolicy: Never} or {@code IfNotPresent}.
   */
  public String labtoolImage() {
    return env.get("LABTOOL_IMAGE");
  }

  /** The OCI archive of {@link #labtoolImage()}, for tests that push it somewhere. */
  public Path labtoolArchive() {
    return Path.of(env.get("IMAGES"), "labtool.tar");
  }

  /** ctr against the node's containerd, namespace k8s.io; fails the test unless it succeeds. */
  public String ctr(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ctr", "--address", containerdSocket().toString()));
    cmd.addAll(List.of("-n", "k8s.io"));
    cmd.addAll(List.of(args));
    return Command.run(cmd, Map.of(), Duration.ofMinutes(5)).requireSuccess(cmd).out();
  }

  /** Puts an image archive (OCI layout or docker save) into the node's containerd. */
  public void importImage(Path archive) {
    ctr("images", "import", archive.toString());
  }

  /**
   * A pod of one container {@code main} running {@code labtool ARGS} from {@link #labtoolImage()},
   * to be completed with the builder (ports, volumes, host network).
   */
  public PodBuilder labtoolPod(String name, String... args) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage(labtoolImage())
        .withImagePullPolicy("IfNotPresent")
        .withArgs(args)
        .endContainer()
        .endSpec();
  }

  /**
   * Creates the pod (namespace {@code default} unless it names one) and waits until it is Ready;
   * fails with its status and events when it is not within 90 s.
   */
  public Pod run(Pod pod) {
    String ns =
        pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
    var resource = client().pods().inNamespace(ns).resource(pod);
    resource.create();
    try {
      return resource.waitUntilReady(90, TimeUnit.SECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new AssertionError(
          "pod "
              + ns
              + "/"
              + pod.getMetadata().getName()
              + " not Ready in 90 s: "
              + resource.get().getStatus()
              + "\nevents:\n"
              + kubectl(
                  "get",
                  "events",
                  "-n",
                  ns,
                  "--field-selector",
                  "involvedObject.name=" + pod.getMetadata().getName()),
          e);
    }
  }
}
