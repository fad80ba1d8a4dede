package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry as Airlock's own image runs it: one {@code airlock serve} process on the volume with
 * three endpoints. The push endpoint (TLS, the push password) and its plain twin on the pod's
 * loopback are reachable only through a port-forward; the pull endpoint (read-only, no login: plain
 * HTTP behind the NodePort, or TLS demanding the proxies' client certificates) is what nodes reach.
 * One process, because the store allows one writer.
 */
final class ServeDeployment {

  static final String DATA = "/var/lib/registry";
  static final String CERTS = "/certs";

  private ServeDeployment() {}

  /** The arguments of {@code airlock serve} in the registry pod. */
  static List<String> arguments(boolean mtls) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--storage", DATA));
    args.addAll(List.of("--listen", "0.0.0.0:" + RegistryObjects.PUSH_PORT));
    args.addAll(List.of("--tls-cert", CERTS + "/tls.crt", "--tls-key", CERTS + "/tls.key"));
    args.addAll(List.of("--htpasswd", "/auth/htpasswd"));
    // Reached only by a port-forward, which enters the pod's network namespace.
    args.addAll(List.of("--plain-listen", "127.0.0.1:" + RegistryObjects.TUNNEL_PORT));
    args.addAll(List.of("--pull-listen", "0.0.0.0:" + RegistryObjects.servePort(mtls)));
    if (mtls) {
      args.addAll(List.of("--pull-client-ca", CERTS + "/ca.crt"));
    } else {
      // Behind the NodePort, read-only; nodes pull plain HTTP from their own 127.0.0.1.
      args.add("--allow-plain-http-remote");
    }
    return args;
  }

  static Deployment of(String namespace, String image, boolean mtls, Container init) {
    int pull = RegistryObjects.servePort(mtls);
    Container registry =
        new ContainerBuilder()
            .withName("registry")
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
            .withArgs(arguments(mtls))
            // The JVM's heap and Netty's direct buffers within the container's memory limit.
            .addNewEnv()
            .withName("JAVA_TOOL_OPTIONS")
            .withValue("-Xmx256m -XX:MaxDirectMemorySize=128m")
            .endEnv()
            .withPorts(Pods.port("serve", pull), Pods.port("push", RegistryObjects.PUSH_PORT))
            .withSecurityContext(Pods.container())
            .withResources(Pods.resources("100m", "256Mi", "640Mi"))
            // The push endpoint's health: TLS without a client certificate in every mode.
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/healthz")
            .withPort(new IntOrString("push"))
            .withScheme("HTTPS")
            .endHttpGet()
            .withPeriodSeconds(2)
            .withFailureThreshold(3)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPath("/healthz")
            .withPort(new IntOrString("push"))
            .withScheme("HTTPS")
            .endHttpGet()
            .withInitialDelaySeconds(30)
            .withPeriodSeconds(20)
            .endLivenessProbe()
            .withVolumeMounts(
                Pods.mount("data", DATA, false),
                Pods.mount("certs", CERTS, true),
                Pods.mount("auth", "/auth", true),
                Pods.mount("tmp", "/tmp", false))
            .build();
    Deployment d =
        RegistryObjects.deployment(
            namespace,
            List.of(registry),
            List.of(
                RegistryObjects.dataVolume(),
                RegistryObjects.certsVolume(),
                RegistryObjects.authVolume(),
                new VolumeBuilder()
                    .withName("tmp")
                    .withNewEmptyDir()
                    .withSizeLimit(new Quantity("64Mi"))
                    .endEmptyDir()
                    .build()));
    if (init != null) {
      d.getSpec().getTemplate().getSpec().setInitContainers(List.of(init));
    }
    return d;
  }

  /**
   * Makes a node directory the registry user's before the registry starts: the only step that runs
   * as root (with the capability to change owners, nothing else), only with a node directory.
   *
   * @param airlocksImage true for Airlock's image ({@code prepare-storage}), false for a
   *     distribution image (its {@code chown})
   */
  static Container prepareStorage(String image, boolean airlocksImage) {
    String uid = String.valueOf(Pods.USER);
    List<String> command = airlocksImage ? null : List.of("chown", uid + ":" + uid, DATA);
    ContainerBuilder c =
        new ContainerBuilder()
            .withName("prepare-storage")
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
            .withSecurityContext(Pods.root("CHOWN"))
            .withVolumeMounts(Pods.mount("data", DATA, false));
    if (command != null) {
      c.withCommand(command);
    } else {
      c.withArgs("prepare-storage", DATA, uid);
    }
    return c.build();
  }
}
