package io.airlock.installer.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.Compression;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.testing.FlagScan;
import io.airlock.core.testing.Samples;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.ClusterProbe;
import io.airlock.installer.cluster.KubeConnection;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.ModeChoice;
import io.airlock.installer.pki.PkiChange;
import io.airlock.installer.pki.PkiManager;
import io.airlock.installer.pki.PkiOptions;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.pki.SubjectNames;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.airlock.installer.testing.FakeCluster;
import io.airlock.installer.testing.Workloads;
import io.airlock.node.NodeImages;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The install plan per mode, built from probed fixture clusters and a real seed payload. */
@EnableKubernetesMockClient(crud = true, https = false)
class InstallPlannerTest {

  static final String NS = "airlock-system";
  @TempDir static Path dir;
  static SeedInput seed;
  static byte[] payloadBytes;

  KubernetesMockServer server;
  KubernetesClient client;
  RegistrySettings settings = RegistrySettings.defaults();

  /**
   * The defaults but for the registry image (null: Airlock's) and a node directory for its data.
   */
  private void useSettings(String registryImage, RegistrySettings.NodeStorage nodeStorage) {
    settings =
        new RegistrySettings(
            RegistrySettings.DEFAULT_NODE_PORT,
            "",
            false,
            null,
            null,
            registryImage,
            settings.proxyImage(),
            nodeStorage);
  }

  /** A real OCI layout as a tar (a few MB, so several chunks) and a real ELF binary as injector. */
  @BeforeAll
  static void seedPayload() throws Exception {
    Path layout = dir.resolve("layout");
    Samples.ociLayout(layout, 3, 600_000, 3);
    Path tar = dir.resolve("seed.tar");
    try (TarWriter w = TarWriter.create(tar, Compression.NONE)) {
      w.addTree(layout, "");
    }
    payloadBytes = Files.readAllBytes(tar);
    byte[] elf = Files.readAllBytes(Path.of("/usr/bin/true"));
    seed = SeedInput.of(Map.of("amd64", elf, "arm64", elf), tar);
  }

  ClusterFacts facts(String fixture) throws Exception {
    return new ClusterProbe(KubeConnection.of(client)).probe(NS);
  }

  InstallPlan plan(String fixture, String mode, boolean allowPrivileged, String externalUrl)
      throws Exception {
    FakeCluster.load(server, client, fixture);
    return planLoaded(
        mode,
        allowPrivileged,
        externalUrl == null
            ? null
            : new MirrorTarget(
                externalUrl,
                false,
                "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n",
                false,
                "",
                false,
                List.of("docker.io")));
  }

  InstallPlan planLoaded(String mode, boolean allowPrivileged, MirrorTarget external)
      throws Exception {
    return planLoaded(
        mode,
        allowPrivileged,
        external,
        external != null
            ? null
            : new PkiManager(Clock.systemUTC())
                .ensure(
                    Optional.empty(),
                    PkiOptions.defaults(
                        SubjectNames.forService("airlock-registry", NS, List.of()))));
  }

  InstallPlan planLoaded(
      String mode, boolean allowPrivileged, MirrorTarget external, PkiManager.Outcome pki)
      throws Exception {
    ClusterFacts f = facts(null);
    ModeChoice choice =
        ModeChoice.resolve(
            mode,
            external == null ? null : external.registry(),
            f.installed(),
            ModeAdvisor.recommend(f));
    List<String> warnings = new ArrayList<>();
    return InstallPlanner.plan(
        new PlanInput(
            NS,
            choice,
            f,
            new BundleSummary("sample", "1.2.3", 8L << 30, List.of("docker.io", "ghcr.io"), 6, 3),
            settings,
            allowPrivileged,
            external,
            pki,
            external != null ? null : seed,
            new LiveObjects(client, warnings),
            "0.1.0-test",
            Instant.parse("2025-06-01T00:00:00Z")));
  }

  static <T extends HasMetadata> T find(InstallPlan p, Class<T> type, String name) {
    return p.changes().stream()
        .map(PlannedChange::object)
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + type.getSimpleName()
                        + " "
                        + name
                        + " in "
                        + p.changes().stream().map(PlannedChange::describe).toList()));
  }

  static List<String> order(InstallPlan p) {
    return p.changes().stream()
        .map(
            c ->
                c.action().name().charAt(0)
                    + " "
                    + c.object().getKind()
                    + " "
                    + c.object().getMetadata().getName())
        .toList();
  }

  @Test
  void nodeportOnK3sPlansEveryObjectInApplyOrder() throws Exception {
    InstallPlan p = plan("k3s", null, false, null);
    assertEquals("nodeport", p.mode().mode().id());
    assertEquals("recommended for this cluster", p.mode().why());
    assertEquals(List.of(), p.problems());
    List<String> kinds = order(p);
    int chunks = seed.chunkCount();
    assertTrue(chunks >= 3, "several chunks: " + chunks);
    List<String> expected =
        new ArrayList<>(
            List.of(
                "C Namespace airlock-system",
                "C ServiceAccount airlock-registry",
                "C ServiceAccount airlock-injector",
                "C Secret airlock-ca",
                "C Secret airlock-registry-tls",
                "C Secret airlock-proxy-tls",
                "C Secret airlock-registry-auth",
                "C ConfigMap airlock-injector-amd64",
                "C ConfigMap airlock-injector-arm64",
                "C ConfigMap airlock-seed-sums"));
    for (int i = 0; i < chunks; i++) {
      expected.add(String.format("C ConfigMap airlock-seed-%04d", i));
    }
    expected.addAll(
        List.of(
            "C Pod airlock-injector",
            "C Service airlock-seed",
            "C PersistentVolumeClaim airlock-registry-data",
            "C Deployment airlock-registry",
            "C Service airlock-registry",
            "C Service airlock-registry-push",
            "C ConfigMap airlock-mirrors-k3s",
            "C Secret airlock-state"));
    assertEquals(expected, kinds);

    Namespace ns = find(p, Namespace.class, NS);
    assertEquals(
        Map.of("app.kubernetes.io/managed-by", "airlock", "app.kubernetes.io/part-of", "airlock"),
        ns.getMetadata().getLabels());
    Service registry = find(p, Service.class, "airlock-registry");
    assertEquals("NodePort", registry.getSpec().getType());
    assertEquals(31999, registry.getSpec().getPorts().get(0).getNodePort());
    assertEquals(5000, registry.getSpec().getPorts().get(0).getPort());
    assertEquals("ClusterIP", find(p, Service.class, "airlock-registry-push").getSpec().getType());
    Deployment d = find(p, Deployment.class, "airlock-registry");
    var registryPod = Workloads.podSpec(d);
    assertEquals(1, registryPod.getContainers().size(), "one airlock serve: one writer");
    var registryContainer = registryPod.getContainers().get(0);
    assertEquals(
        "127.0.0.1:31998/" + RegistrySettings.airlockRegistryImage(), registryContainer.getImage());
    assertEquals(
        List.of(
            "--storage",
            "/var/lib/registry",
            "--listen",
            "0.0.0.0:5001",
            "--tls-cert",
            "/certs/tls.crt",
            "--tls-key",
            "/certs/tls.key",
            "--htpasswd",
            "/auth/htpasswd",
            "--plain-listen",
            "127.0.0.1:5002",
            "--pull-listen",
            "0.0.0.0:5000",
            "--allow-plain-http-remote"),
        registryContainer.getArgs());
    assertEquals("HTTPS", registryContainer.getReadinessProbe().getHttpGet().getScheme());
    assertEquals(Boolean.TRUE, registryContainer.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(65532L, registryPod.getSecurityContext().getRunAsUser());
    assertTrue(
        registryPod.getInitContainers() == null || registryPod.getInitContainers().isEmpty(),
        "nothing runs as root without a node directory");
    assertEquals(
        "16Gi",
        find(
                p,
                io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
                "airlock-registry-data")
            .getSpec()
            .getResources()
            .getRequests()
            .get("storage")
            .toString());
    assertEquals("127.0.0.1:31999", p.registryAddress());
  }

  /** --registry-image with distribution's image: two processes on the volume, as before. */
  @Test
  void aDistributionRegistryImageRunsServeAndPushFromItsConfig() throws Exception {
    useSettings("docker.io/library/registry:2.8.3", null);
    InstallPlan p = plan("k3s", "nodeport", false, null);
    Deployment d = find(p, Deployment.class, "airlock-registry");
    assertEquals(
        "127.0.0.1:31998/docker.io/library/registry:2.8.3", Workloads.firstContainer(d).getImage());
    assertEquals(
        List.of("serve", "push"),
        Workloads.podSpec(d).getContainers().stream().map(c -> c.getName()).toList());
    String serve = find(p, ConfigMap.class, "airlock-registry-config").getData().get("serve.yml");
    Map<String, Object> serveConfig = new Yaml().load(serve);
    assertEquals(
        Map.of("enabled", true),
        ((Map<?, ?>)
            ((Map<?, ?>) ((Map<?, ?>) serveConfig.get("storage")).get("maintenance"))
                .get("readonly")));
  }

  /**
   * --storage-node-path on a cluster without a StorageClass (Talos ships none): a hostPath volume
   * pinned to the injector's node, reserved for the registry's claim, prepared for the registry
   * user by an init step, and no StorageClass problem.
   */
  @Test
  void aNodeDirectoryHoldsTheDataWhereNoStorageClassExists() throws Exception {
    useSettings(null, new RegistrySettings.NodeStorage(null, "/var/lib/airlock-registry"));
    InstallPlan p = plan("k3s", "nodeport", false, null);
    assertEquals(List.of(), p.problems());
    String host = find(p, Pod.class, "airlock-injector").getSpec().getNodeName();
    var pv =
        find(
            p,
            io.fabric8.kubernetes.api.model.PersistentVolume.class,
            "airlock-registry-data-" + NS);
    assertEquals("/var/lib/airlock-registry", pv.getSpec().getHostPath().getPath());
    assertEquals("Retain", pv.getSpec().getPersistentVolumeReclaimPolicy());
    assertEquals(
        List.of(host),
        pv.getSpec()
            .getNodeAffinity()
            .getRequired()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchExpressions()
            .get(0)
            .getValues());
    var pvc =
        find(
            p,
            io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
            "airlock-registry-data");
    assertEquals("", pvc.getSpec().getStorageClassName());
    assertEquals(pv.getMetadata().getName(), pvc.getSpec().getVolumeName());
    var init =
        Workloads.podSpec(find(p, Deployment.class, "airlock-registry")).getInitContainers().get(0);
    assertEquals(List.of("prepare-storage", "/var/lib/registry", "65532"), init.getArgs());
    assertEquals(List.of("CHOWN"), init.getSecurityContext().getCapabilities().getAdd());
    assertTrue(
        p.notes().stream().anyMatch(n -> n.contains("/var/lib/airlock-registry of node " + host)),
        p.notes().toString());
  }

  @Test
  void injectorRunsInAPauseImageAlreadyOnTheNodeAndItsChunksRebuildThePayload() throws Exception {
    InstallPlan p = plan("k3s", "nodeport", false, null);
    Pod injector = find(p, Pod.class, "airlock-injector");
    assertEquals("k3s-agent-1", injector.getSpec().getNodeName());
    var c = injector.getSpec().getContainers().get(0);
    assertEquals("docker.io/rancher/mirrored-pause:3.6", c.getImage());
    assertEquals("Never", c.getImagePullPolicy());
    assertEquals(
        List.of(
            "/airlock/bin/airlock-injector",
            "--payload",
            "/airlock/payload",
            "--sums",
            "/airlock/payload/payload.sha256",
            "--listen",
            "0.0.0.0:5000",
            "--allow-non-loopback"),
        c.getCommand());
    var sources =
        injector.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("payload"))
            .findFirst()
            .orElseThrow()
            .getProjected()
            .getSources();
    assertEquals(seed.chunkCount() + 1, sources.size());
    assertEquals("payload.sha256", sources.get(0).getConfigMap().getItems().get(0).getPath());
    assertEquals("payload-0001", sources.get(2).getConfigMap().getItems().get(0).getPath());
    // Materialise every chunk as the apply step will, and rebuild the payload as the injector will.
    // The volume as the kubelet lays it out: one file per chunk and the SHA-256 list.
    Path volume = Files.createDirectories(dir.resolve("volume-" + System.nanoTime()));
    Files.writeString(
        volume.resolve("payload.sha256"),
        find(p, ConfigMap.class, "airlock-seed-sums").getData().get("payload.sha256"));
    ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
    for (int i = 0; i < seed.chunkCount(); i++) {
      ConfigMap chunk = InjectorObjects.chunk(NS, seed, i, true);
      byte[] bytes =
          java.util.Base64.getDecoder()
              .decode(chunk.getBinaryData().get(String.format("payload-%04d", i)));
      Files.write(volume.resolve(String.format("payload-%04d", i)), bytes);
      assertTrue(bytes.length <= 768 * 1024);
      // The API server limits a ConfigMap's data to 1 MiB (decoded) and etcd a request to 1.5 MiB.
      assertTrue(bytes.length < 1024 * 1024);
      assertTrue(client.getKubernetesSerialization().asJson(chunk).length() < 1536 * 1024);
      rebuilt.write(bytes);
    }
    assertArrayEquals(payloadBytes, rebuilt.toByteArray());
    // The injector checks the chunks against the list as sha256sum -c does.
    io.airlock.core.testing.Command.Result check =
        io.airlock.core.testing.Command.run(
            List.of("sh", "-c", "cd '" + volume + "' && sha256sum -c payload.sha256"),
            Map.of(),
            java.time.Duration.ofMinutes(1));
    assertEquals(0, check.exitCode(), check.out() + check.stderr());
    assertTrue(check.out().contains("payload-0000: OK"), check.out());
    assertEquals(
        seed.payloadSha256(),
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(rebuilt.toByteArray())));
    ConfigMap binary = find(p, ConfigMap.class, "airlock-injector-amd64");
    assertEquals(
        String.valueOf(Files.size(Path.of("/usr/bin/true"))),
        binary.getMetadata().getAnnotations().get("airlock.io/size"));
  }

  @Test
  void hostportOnTalosNeedsConsentToAPrivilegedNamespace() throws Exception {
    InstallPlan refused = plan("talos", null, false, null);
    assertEquals("hostport", refused.mode().mode().id());
    assertTrue(
        FlagScan.flags(refused.problems())
            .contains(
                "Mode hostport needs hostPort pods in airlock-system, which Pod Security at the cluster's default level refuses. Re-run with --allow-privileged-namespace to let Airlock set pod-security.kubernetes.io/enforce=privileged on airlock-system, or choose another mode"),
        refused.problems().toString());
    assertTrue(
        refused.problems().stream()
            .anyMatch(x -> x.toString().startsWith("No StorageClass for the registry volume")));
    assertNull(
        find(refused, Namespace.class, NS)
            .getMetadata()
            .getLabels()
            .get("pod-security.kubernetes.io/enforce"));
  }

  @Test
  void hostportWithConsentLabelsTheNamespaceAndBindsLoopback() throws Exception {
    InstallPlan p = plan("talos", "hostport", true, null);
    assertEquals(
        "privileged",
        find(p, Namespace.class, NS)
            .getMetadata()
            .getLabels()
            .get("pod-security.kubernetes.io/enforce"));
    DaemonSet proxy = find(p, DaemonSet.class, "airlock-proxy");
    var port = Workloads.firstContainer(proxy).getPorts().get(0);
    assertEquals(5000, port.getHostPort());
    assertEquals("127.0.0.1", port.getHostIP());
    assertEquals(
        "127.0.0.1:5001/" + NodeImages.load().proxyImage().reference(),
        Workloads.firstContainer(proxy).getImage());
    assertEquals(
        List.of(
            "--listen",
            "0.0.0.0:5000",
            "--upstream",
            "$(AIRLOCK_REGISTRY_SERVICE_HOST):5443",
            "--server-name",
            "airlock-registry.airlock-system.svc",
            "--ca",
            "/airlock/tls/ca.crt",
            "--cert",
            "/airlock/tls/tls.crt",
            "--key",
            "/airlock/tls/tls.key",
            "--allow-non-loopback"),
        Workloads.firstContainer(proxy).getArgs());
    DaemonSet injector = find(p, DaemonSet.class, "airlock-injector-amd64");
    assertEquals("registry.k8s.io/pause:3.10", Workloads.firstContainer(injector).getImage());
    var injectorPod = Workloads.podSpec(injector);
    assertEquals(Boolean.TRUE, injectorPod.getHostNetwork());
    assertEquals(
        List.of("--listen", "127.0.0.1:5001", "--listen", "[::1]:5001"),
        injectorPod.getContainers().get(0).getCommand().subList(5, 9));
    assertFalse(injectorPod.getContainers().get(0).getCommand().contains("--allow-non-loopback"));
    assertEquals(
        "127.0.0.1",
        injectorPod.getContainers().get(0).getReadinessProbe().getTcpSocket().getHost());
    assertEquals("ClusterIP", find(p, Service.class, "airlock-registry").getSpec().getType());
    assertEquals(
        5443, find(p, Service.class, "airlock-registry").getSpec().getPorts().get(0).getPort());
    List<String> args =
        Workloads.firstContainer(find(p, Deployment.class, "airlock-registry")).getArgs();
    assertEquals(
        List.of("--pull-listen", "0.0.0.0:5443", "--pull-client-ca", "/certs/ca.crt"),
        args.subList(args.indexOf("--pull-listen"), args.size()),
        "nodes reach the registry only through the proxies' client certificates");
    String talos = find(p, ConfigMap.class, "airlock-mirrors-talos").getData().get("file-0");
    assertTrue(talos.contains("http://127.0.0.1:5000/v2/docker.io"), talos);
  }

  @Test
  void existingNamespaceKeepsTheUsersLabelsAndTheChangeIsSpelledOut() throws Exception {
    FakeCluster.load(server, client, "kubeadm-nftables")
        .namespace(
            NS,
            Map.of(
                "team",
                "platform",
                "pod-security.kubernetes.io/enforce",
                "baseline",
                "pod-security.kubernetes.io/warn",
                "restricted"));
    InstallPlan p = planLoaded(null, true, null);
    PlannedChange ns = p.changes().get(0);
    assertEquals(PlannedChange.Action.UPDATE, ns.action());
    assertEquals(
        Map.of(
            "team",
            "platform",
            "pod-security.kubernetes.io/enforce",
            "privileged",
            "pod-security.kubernetes.io/warn",
            "restricted"),
        ns.object().getMetadata().getLabels());
    assertEquals(
        "changes pod-security.kubernetes.io/enforce from 'baseline' to 'privileged' (you consented to a privileged namespace); other labels kept",
        ns.note());
    // The report carries the plan's notes: the change of level is recorded there.
    assertTrue(
        p.notes()
            .contains(
                "Pod Security: namespace airlock-system enforced level 'baseline' -> 'privileged',"
                    + " with your consent, for the hostPort pods of mode hostport"),
        p.notes().toString());
  }

  @Test
  void hostnetworkOnIpv6BindsTheProxyToIpv6Loopback() throws Exception {
    InstallPlan p = plan("kubeadm-ipv6", null, false, null);
    assertEquals("hostnetwork", p.mode().mode().id());
    DaemonSet proxy = find(p, DaemonSet.class, "airlock-proxy");
    assertEquals(Boolean.TRUE, Workloads.podSpec(proxy).getHostNetwork());
    assertEquals("ClusterFirstWithHostNet", Workloads.podSpec(proxy).getDnsPolicy());
    assertEquals(
        List.of("--listen", "[::1]:5000", "--upstream", "[$(AIRLOCK_REGISTRY_SERVICE_HOST)]:5443"),
        Workloads.firstContainer(proxy).getArgs().subList(0, 4));
    assertFalse(Workloads.firstContainer(proxy).getArgs().contains("--allow-non-loopback"));
    assertEquals(
        List.of("--listen", "127.0.0.1:5001", "--listen", "[::1]:5001"),
        Workloads.firstContainer(find(p, DaemonSet.class, "airlock-injector-amd64"))
            .getCommand()
            .subList(5, 9));
    assertNull(Workloads.firstContainer(proxy).getPorts().get(0).getHostPort());
    // Image references cannot hold IPv6 literals: the kubelet pulls the seed from 127.0.0.1.
    assertEquals(
        "127.0.0.1:5001/" + RegistrySettings.airlockRegistryImage(),
        Workloads.firstContainer(find(p, Deployment.class, "airlock-registry")).getImage());
    String hosts =
        find(p, ConfigMap.class, "airlock-mirrors-containerd").getData().values().stream()
            .filter(v -> v.contains("override_path"))
            .findFirst()
            .orElseThrow();
    assertTrue(hosts.contains("http://[::1]:5000/v2/"), hosts);
    assertEquals("[::1]:5000", p.registryAddress());
  }

  @Test
  void openshiftGrantsOnlyTheHostnetworkScc() throws Exception {
    InstallPlan p = plan("openshift", null, false, null);
    assertEquals("hostport", p.mode().mode().id());
    Role role = find(p, Role.class, "airlock-use-hostnetwork-v2");
    assertEquals(List.of("use"), role.getRules().get(0).getVerbs());
    assertEquals(List.of("hostnetwork-v2"), role.getRules().get(0).getResourceNames());
    assertEquals(List.of("securitycontextconstraints"), role.getRules().get(0).getResources());
    assertTrue(p.changes().stream().anyMatch(c -> c.object().getKind().equals("RoleBinding")));
    // CRI-O nodes get the CRI-O drop-in; the control plane's NoSchedule taint does not keep the
    // proxy away.
    assertEquals(
        Set.of("crio"),
        p.nodeMirrors().stream()
            .map(m -> m.format().id())
            .collect(java.util.stream.Collectors.toSet()));
    assertEquals(
        "Exists",
        Workloads.podSpec(find(p, DaemonSet.class, "airlock-proxy"))
            .getTolerations()
            .get(0)
            .getOperator());
    // OpenShift assigns the UID from the namespace's range: the pods name none.
    for (PlannedChange c : p.changes()) {
      String json = client.getKubernetesSerialization().asJson(c.object());
      assertFalse(json.contains("\"runAsUser\""), c.describe());
      assertFalse(json.contains("\"fsGroup\""), c.describe());
    }
    assertEquals(
        Boolean.TRUE,
        Workloads.podSpec(find(p, Deployment.class, "airlock-registry"))
            .getSecurityContext()
            .getRunAsNonRoot());
  }

  @Test
  void externalRegistryInstallsNoWorkloads() throws Exception {
    InstallPlan p = plan("kind", null, false, "registry.site.example:5000");
    assertEquals("external", p.mode().mode().id());
    assertEquals(
        List.of(
            "C Namespace airlock-system",
            "C ConfigMap airlock-mirrors-containerd",
            "C Secret airlock-state"),
        order(p));
    String hosts = find(p, ConfigMap.class, "airlock-mirrors-containerd").getData().get("file-0");
    assertTrue(hosts.contains("https://registry.site.example:5000/v2/docker.io"), hosts);
  }

  @Test
  void proxyModeWithARegistryUrlIsRefused() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> ModeChoice.resolve("hostport", "reg.example:5000", null, null));
    assertEquals(
        "--registry-url uses your own registry (mode external) and cannot be combined with --mode hostport.",
        e.message(FlagScan::flag));
  }

  @Test
  void laterRunsKeepTheRecordedModeAndASwitchDeletesWhatOnlyTheOldModeUsed() throws Exception {
    FakeCluster.load(server, client, "kubeadm");
    InstallPlan first = planLoaded("nodeport", false, null);
    Secret state = find(first, Secret.class, StateStore.NAME);
    client.resource(find(first, Namespace.class, NS)).create();
    client.resource(state).create();

    InstallPlan again = planLoaded(null, false, null);
    assertEquals("nodeport", again.mode().mode().id());
    assertEquals(
        "kept from the earlier installation (choose another mode to switch)", again.mode().why());

    InstallPlan switched = planLoaded("hostport", false, null);
    assertEquals("nodeport", switched.mode().switchedFrom().id());
    List<String> deleted =
        switched.changes().stream()
            .filter(c -> c.action() == PlannedChange.Action.DELETE)
            .map(PlannedChange::describe)
            .toList();
    assertEquals(
        List.of("Pod airlock-system/airlock-injector", "Service airlock-system/airlock-seed"),
        deleted);
    InstallState recorded = StateStore.fromSecret(find(switched, Secret.class, StateStore.NAME));
    assertEquals("hostport", recorded.mode());
    assertEquals("127.0.0.1:5000", recorded.registry().address());
  }

  @Test
  void theLivePushPasswordIsKeptAndANewOneMadeOnlyWhenItIsMissing() throws Exception {
    FakeCluster.load(server, client, "k3s");
    Secret fresh =
        find(planLoaded("nodeport", true, null), Secret.class, PlanParts.PUSH_CREDENTIALS);
    String htpasswd =
        new String(
            java.util.Base64.getDecoder().decode(fresh.getData().get("htpasswd")),
            java.nio.charset.StandardCharsets.UTF_8);
    String password =
        new String(
            java.util.Base64.getDecoder().decode(fresh.getData().get("password")),
            java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(AccessObjects.verify(password, htpasswd), htpasswd);

    client.secrets().inNamespace(NS).resource(fresh).create();
    InstallPlan again = planLoaded("nodeport", true, null);
    assertTrue(
        again.changes().stream()
            .noneMatch(c -> c.object().getMetadata().getName().equals(PlanParts.PUSH_CREDENTIALS)),
        "the live password must not be replaced");
    assertTrue(
        again
            .notes()
            .contains(
                "Secret "
                    + PlanParts.PUSH_CREDENTIALS
                    + " kept: exists; passwords are never rotated"
                    + " silently"),
        String.join("\n", again.notes()));
  }

  @Test
  void publishingANewCaUpdatesTheSecretsOfKeptCertificatesForTheirBundlesGrow() throws Exception {
    FakeCluster.load(server, client, "k3s");
    PkiOptions options =
        PkiOptions.defaults(SubjectNames.forService("airlock-registry", NS, List.of()));
    Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    RegistryPki first =
        new PkiManager(Clock.fixed(t0, ZoneOffset.UTC)).ensure(Optional.empty(), options).pki();
    for (Secret s : TlsSecrets.of(first, NS)) {
      client.secrets().inNamespace(NS).resource(s).create();
    }
    PkiManager.Outcome same =
        new PkiManager(Clock.fixed(t0.plus(Duration.ofDays(1)), ZoneOffset.UTC))
            .ensure(Optional.of(first), options);
    InstallPlan quiet = planLoaded("nodeport", true, null, same);
    for (String name : List.of(TlsSecrets.CA, TlsSecrets.REGISTRY, TlsSecrets.PROXY)) {
      assertTrue(
          quiet.changes().stream().noneMatch(c -> c.object().getMetadata().getName().equals(name)),
          name + " must be kept while nothing changes");
    }

    // The CA's leaves stay valid, yet a new CA past half its life must reach every bundle.
    PkiOptions shortCa = options.withLifetimes(Duration.ofDays(40), Duration.ofDays(10));
    RegistryPki start =
        new PkiManager(Clock.fixed(t0, ZoneOffset.UTC)).ensure(Optional.empty(), shortCa).pki();
    RegistryPki young =
        new PkiManager(Clock.fixed(t0.plus(Duration.ofDays(19)), ZoneOffset.UTC))
            .ensure(Optional.of(start), shortCa)
            .pki();
    for (Secret s : TlsSecrets.of(young, NS)) {
      client.secrets().inNamespace(NS).resource(s).update();
    }
    PkiManager.Outcome publish =
        new PkiManager(Clock.fixed(t0.plus(Duration.ofDays(21)), ZoneOffset.UTC))
            .ensure(Optional.of(young), shortCa);
    assertEquals(
        List.of(PkiChange.Action.PUBLISH, PkiChange.Action.KEEP, PkiChange.Action.KEEP),
        publish.changes().stream().map(PkiChange::action).toList());
    InstallPlan p = planLoaded("nodeport", true, null, publish);
    for (String name : List.of(TlsSecrets.CA, TlsSecrets.REGISTRY, TlsSecrets.PROXY)) {
      PlannedChange c =
          p.changes().stream()
              .filter(x -> x.object().getMetadata().getName().equals(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " is not updated: " + p.notes()));
      assertEquals(PlannedChange.Action.UPDATE, c.action(), name);
    }
    assertTrue(
        p.certificates().get(0).toString().startsWith("ca: publish ("),
        p.certificates().toString());
  }

  @Test
  void outputIsAKubernetesListWithoutSecretsOrPayloadBytes() throws Exception {
    InstallPlan p = plan("k3s", null, false, null);
    String yaml = PlanOutput.yaml(p);
    assertFalse(yaml.contains("PRIVATE KEY"));
    assertFalse(
        yaml.contains(
            java.util.Base64.getEncoder()
                .encodeToString("-----BEGIN PRIVATE KEY".getBytes(StandardCharsets.UTF_8))
                .substring(0, 20)));
    Map<String, Object> doc = new Yaml().load(yaml);
    assertEquals("List", doc.get("kind"));
    List<?> items = (List<?>) doc.get("items");
    assertEquals(p.changes().size(), items.size());
    Map<?, ?> ca =
        items.stream()
            .map(Map.class::cast)
            .filter(i -> "airlock-ca".equals(((Map<?, ?>) i.get("metadata")).get("name")))
            .findFirst()
            .orElseThrow();
    assertEquals("", ((Map<?, ?>) ca.get("data")).get("tls.key"));
    assertEquals(
        "tls.key",
        ((Map<?, ?>) ((Map<?, ?>) ca.get("metadata")).get("annotations"))
            .get("airlock.io/redacted"));
    assertFalse(
        ((String) ((Map<?, ?>) ca.get("data")).get("tls.crt")).isEmpty(),
        "certificates are public and shown");
    Map<?, ?> binary =
        items.stream()
            .map(Map.class::cast)
            .filter(
                i -> "airlock-injector-amd64".equals(((Map<?, ?>) i.get("metadata")).get("name")))
            .findFirst()
            .orElseThrow();
    assertTrue(
        ((String)
                ((Map<?, ?>) ((Map<?, ?>) binary.get("metadata")).get("annotations"))
                    .get("airlock.io/elided"))
            .startsWith("airlock-injector: "));
    // JSON is the same list.
    assertEquals(
        items.size(),
        io.airlock.core.oci.Json.parse(PlanOutput.json(p).getBytes(StandardCharsets.UTF_8))
            .path("items")
            .size());
  }

  @Test
  void everyObjectIsValidForKubernetes120() throws Exception {
    InstallPlan p = plan("kubeadm-1.20", "hostport", true, null);
    Set<String> apiVersions = Set.of("v1", "apps/v1", "rbac.authorization.k8s.io/v1");
    // Fields newer than 1.20 that must never appear.
    List<String> newer =
        List.of(
            "\"ipFamilyPolicy\"",
            "\"internalTrafficPolicy\"",
            "\"hostUsers\"",
            "\"os\":",
            "\"resizePolicy\"",
            "\"trafficDistribution\"",
            "\"restartPolicy\":\"Always\"}",
            "\"persistentVolumeClaimRetentionPolicy\"",
            "\"minDomains\"");
    for (PlannedChange c : p.changes()) {
      assertTrue(
          apiVersions.contains(c.object().getApiVersion()),
          c.describe() + " uses " + c.object().getApiVersion());
      String json = client.getKubernetesSerialization().asJson(c.object());
      for (String field : newer) {
        assertFalse(json.contains(field), c.describe() + " uses " + field);
      }
    }
    assertNull(
        find(p, Namespace.class, NS)
            .getMetadata()
            .getLabels()
            .get("pod-security.kubernetes.io/enforce"),
        "no PSA labels before 1.23");
    assertTrue(
        p.notes().stream()
            .anyMatch(
                n -> n.startsWith("Kubernetes v1.20.15 has no Pod Security Admission (1.23+)")),
        p.notes().toString());
  }
}
