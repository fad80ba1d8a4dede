package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The registry: one pod with two distribution containers on the same volume. {@code serve} is
 * read-only and is what the nodes reach (NodePort, or the proxies over mutual TLS); {@code push}
 * takes pushes with a password on TLS and is reachable only through a port-forward, never from a
 * node. So nothing a node can reach can change the registry's content.
 */
final class RegistryObjects {

  static final String NAME = "airlock-registry";
  static final String PUSH_SERVICE = "airlock-registry-push";
  static final String CONFIG = "airlock-registry-config";
  static final String PVC = "airlock-registry-data";
  static final int SERVE_PORT_PLAIN = 5000;
  static final int SERVE_PORT_TLS = 5443;
  static final int PUSH_PORT = 5001;
  static final int TUNNEL_PORT = 5002;
  private static final String DATA = "/var/lib/registry";
  private static final String CERTS = "/certs";

  private RegistryObjects() {}

  static int servePort(boolean mtls) {
    return mtls ? SERVE_PORT_TLS : SERVE_PORT_PLAIN;
  }

  /** distribution's config files, built as maps and written by SnakeYAML. */
  static ConfigMap config(String namespace, boolean mtls) {
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("filesystem", Map.of("rootdirectory", DATA));
    // No in-memory blob descriptor cache: two processes share the directory.
    Map<String, Object> serveStorage = new LinkedHashMap<>(storage);
    serveStorage.put(
        "maintenance",
        Map.of("readonly", Map.of("enabled", true), "uploadpurging", Map.of("enabled", false)));
    Map<String, Object> serveHttp = new LinkedHashMap<>();
    serveHttp.put("addr", ":" + servePort(mtls));
    if (mtls) {
      serveHttp.put(
          "tls",
          Map.of(
              "certificate",
              CERTS + "/tls.crt",
              "key",
              CERTS + "/tls.key",
              "clientcas",
              List.of(CERTS + "/ca.crt")));
    }
    serveHttp.put("headers", Map.of("X-Content-Type-Options", List.of("nosniff")));
    Map<String, Object> serve = new LinkedHashMap<>();
    serve.put("version", "0.1");
    serve.put("log", Map.of("level", "info"));
    serve.put("storage", serveStorage);
    serve.put("http", serveHttp);

    Map<String, Object> pushStorage = new LinkedHashMap<>(storage);
    pushStorage.put("delete", Map.of("enabled", true));
    Map<String, Object> push = new LinkedHashMap<>();
    push.put("version", "0.1");
    push.put("log", Map.of("level", "info"));
    push.put("storage", pushStorage);
    push.put(
        "http",
        Map.of(
            "addr",
            ":" + PUSH_PORT,
            "tls",
            Map.of("certificate", CERTS + "/tls.crt", "key", CERTS + "/tls.key")));
    push.put("auth", Map.of("htpasswd", Map.of("realm", "airlock", "path", "/auth/htpasswd")));

    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Yaml yaml = new Yaml(o);
    return new ConfigMapBuilder()
        .withMetadata(Labels.metadata(CONFIG, namespace, "registry"))
        .addToData("serve.yml", yaml.dump(serve))
        .addToData("push.yml", yaml.dump(push))
        .build();
  }

  static PersistentVolumeClaim volume(String namespace, String storageClass, String size) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(Labels.metadata(PVC, namespace, "registry"))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  /** At least 10 GiB, else twice the bundle (room for the next version), in whole GiB. */
  static String sizeFor(long bundleBytes) {
    long gib = Math.max(10, (2 * bundleBytes + (1L << 30) - 1) >> 30);
    return gib + "Gi";
  }

  /**
   * The registry's Deployment: Airlock's image ({@link ServeDeployment}) or distribution's, with
   * {@code init} (preparing a node directory) first when given.
   */
  static Deployment workload(
      String namespace, String image, boolean mtls, boolean airlocks, Container init) {
    if (airlocks) {
      return ServeDeployment.of(namespace, image, mtls, init);
    }
    Deployment d = deployment(namespace, image, mtls);
    if (init != null) {
      d.getSpec().getTemplate().getSpec().setInitContainers(java.util.List.of(init));
    }
    return d;
  }

  /**
   * The registry's Deployment of these containers and volumes: one replica of the registry's
   * service account, without an API token.
   */
  static Deployment deployment(String namespace, List<Container> containers, List<Volume> volumes) {
    return new DeploymentBuilder()
        .withMetadata(Labels.metadata(NAME, namespace, "registry"))
        .withNewSpec()
        .withReplicas(1)
        // One writer on a ReadWriteOnce volume: replace, never overlap.
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(Labels.selector("registry"))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.common("registry"))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(AccessObjects.REGISTRY_SA)
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(Pods.pod())
        .withContainers(containers)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The registry's data: its PersistentVolumeClaim. */
  static Volume dataVolume() {
    return new VolumeBuilder()
        .withName("data")
        .withNewPersistentVolumeClaim()
        .withClaimName(PVC)
        .endPersistentVolumeClaim()
        .build();
  }

  private static Volume configVolume() {
    return new VolumeBuilder()
        .withName("config")
        .withNewConfigMap()
        .withName(CONFIG)
        .endConfigMap()
        .build();
  }

  /** The registry's TLS certificate and key, and the CA. */
  static Volume certsVolume() {
    return new VolumeBuilder()
        .withName("certs")
        .withNewSecret()
        .withSecretName(TlsSecrets.REGISTRY)
        .endSecret()
        .build();
  }

  /** The push endpoint's htpasswd. */
  static Volume authVolume() {
    return new VolumeBuilder()
        .withName("auth")
        .withNewSecret()
        .withSecretName(AccessObjects.AUTH_SECRET)
        .addNewItem()
        .withKey("htpasswd")
        .withPath("htpasswd")
        .endItem()
        .endSecret()
        .build();
  }

  static Deployment deployment(String namespace, String image, boolean mtls) {
    Container serve = container("serve", image, "serve.yml", servePort(mtls));
    Container push = container("push", image, "push.yml", PUSH_PORT);
    push.getVolumeMounts().add(Pods.mount("auth", "/auth", true));
    return deployment(
        namespace,
        List.of(serve, push),
        List.of(dataVolume(), configVolume(), certsVolume(), authVolume()));
  }

  private static Container container(String name, String image, String config, int port) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("registry")
        .withArgs("serve", "/etc/airlock/registry/" + config)
        .withPorts(Pods.port(name, port))
        .withSecurityContext(Pods.container())
        .withResources(Pods.resources("100m", "128Mi", "512Mi"))
        // TCP, not HTTP: the serve port may demand a client certificate the kubelet does not have.
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString(port))
        .endTcpSocket()
        .withPeriodSeconds(5)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString(port))
        .endTcpSocket()
        .withInitialDelaySeconds(10)
        .withPeriodSeconds(20)
        .endLivenessProbe()
        .withVolumeMounts(
            Pods.mount("data", DATA, false),
            Pods.mount("config", "/etc/airlock/registry", true),
            Pods.mount("certs", CERTS, true))
        .build();
  }

  /** NodePort (nodeport mode) or ClusterIP (proxy modes) for the read-only serve port. */
  static Service serveService(String namespace, boolean mtls, Integer nodePort) {
    int port = servePort(mtls);
    ServiceBuilder b =
        new ServiceBuilder()
            .withMetadata(Labels.metadata(NAME, namespace, "registry"))
            .withNewSpec()
            .withType(nodePort != null ? "NodePort" : "ClusterIP")
            .withSelector(Labels.selector("registry"))
            .addNewPort()
            .withName("serve")
            .withPort(port)
            .withTargetPort(new IntOrString("serve"))
            .withProtocol("TCP")
            .withNodePort(nodePort)
            .endPort()
            .endSpec();
    return b.build();
  }

  static Service pushService(String namespace) {
    return new ServiceBuilder()
        .withMetadata(Labels.metadata(PUSH_SERVICE, namespace, "registry"))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector("registry"))
        .addNewPort()
        .withName("push")
        .withPort(PUSH_PORT)
        .withTargetPort(new IntOrString("push"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
