package io.airlock.installer.plan;

import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.TargetNaming;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.Distro;
import io.airlock.installer.cluster.NodeFacts;
import io.airlock.installer.cluster.PolicyFacts;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mode.ModeAdvice;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.pki.PkiChange;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the install plan: every object in apply order (namespace, identities, secrets, the seed
 * injector, storage, the registry, its Services, the proxies, the node mirror configuration, the
 * state record), each marked create or update against what the cluster holds, plus deletions when
 * the mode changes. Reads nothing itself and changes nothing; every object is a Fabric8 model
 * object valid on Kubernetes 1.20 and later (Pod Security labels only from 1.23).
 */
public final class InstallPlanner {

  private final PlanInput in;
  private final List<PlannedChange> changes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Set<String> planned = new LinkedHashSet<>();
  private final List<InstallState.InstalledObject> installed = new ArrayList<>();

  private InstallPlanner(PlanInput in) {
    this.in = in;
  }

  public static InstallPlan plan(PlanInput in) {
    return new InstallPlanner(in).build();
  }

  private InstallPlan build() {
    RegistryMode mode = in.mode().mode();
    ClusterFacts f = in.facts();
    String ns = in.namespace();
    ModeAdvice advice = ModeAdvisor.explain(mode, f);
    problems.addAll(advice.blockers());
    if (in.mode().switchedFrom() != null) {
      notes.add(
          "Mode switch: "
              + in.mode().switchedFrom().id()
              + " -> "
              + mode.id()
              + "; objects only the old mode used are deleted below");
    }
    namespace(mode);
    MirrorTarget target;
    RegistryPki pki = in.pki() == null ? null : in.pki().pki();
    if (mode == RegistryMode.EXTERNAL) {
      target = in.external();
      notes.add(
          "Mode external: no registry, injector or proxy is installed; Airlock pushes to "
              + target.registry()
              + " and configures the nodes to pull from it");
    } else {
      boolean proxy = mode.usesProxy();
      boolean hostNetwork = mode == RegistryMode.HOSTNETWORK;
      AccessObjects.serviceAccounts(ns, proxy)
          .forEach(o -> want(o, "no API token: Airlock's workloads never call the API server"));
      if (proxy && f.distroKind() == Distro.OPENSHIFT) {
        String scc =
            f.policy().securityContextConstraints().contains("hostnetwork-v2")
                    || f.policy().securityContextConstraints().isEmpty()
                ? "hostnetwork-v2"
                : "hostnetwork";
        AccessObjects.openshiftScc(ns, scc)
            .forEach(
                o ->
                    want(
                        o,
                        "OpenShift: the proxy and injector may use SCC " + scc + ", nothing else"));
      }
      List<PkiChange> pkiChanges = in.pki().changes();
      List<io.fabric8.kubernetes.api.model.Secret> tls = TlsSecrets.of(pki, ns);
      for (int i = 0; i < tls.size(); i++) {
        PkiChange c = pkiChanges.get(i);
        if (c.action() == PkiChange.Action.KEEP && in.existing().find(tls.get(i)).isPresent()) {
          keep(tls.get(i), c.reason());
        } else {
          want(tls.get(i), c.toString());
        }
      }
      io.fabric8.kubernetes.api.model.Secret auth = AccessObjects.pushCredentials(ns);
      if (in.existing().find(auth).isPresent()) {
        keep(auth, "exists; passwords are never rotated silently");
      } else {
        want(auth, "a generated password for the push endpoint (bcrypt in htpasswd)");
      }
      RegistrySettings settings = in.registry();
      if (!settings.airlocksRegistry()) {
        want(
            RegistryObjects.config(ns, proxy),
            proxy
                ? "serve: read-only, TLS with client certificates; push: password, TLS"
                : "serve: read-only, plain HTTP behind the NodePort; push: password, TLS");
      }
      String seedAddress =
          mode == RegistryMode.NODEPORT
              ? "127.0.0.1:" + InjectorObjects.SEED_NODE_PORT
              : hostNetwork
                  ? "[::1]:" + InjectorObjects.SEED_HOST_PORT
                  : "127.0.0.1:" + InjectorObjects.SEED_HOST_PORT;
      String injectorHost = injector(mode, seedAddress);
      String size =
          settings.storageSize() != null
              ? settings.storageSize()
              : RegistryObjects.sizeFor(in.bundle().sizeBytes());
      StoragePlan storage = StoragePlan.of(ns, settings, f, size, injectorHost);
      if (storage.problem() != null) {
        problems.add(storage.problem());
      }
      for (HasMetadata o : storage.objects()) {
        want(o, storage.note());
      }
      if (storage.onNode() != null) {
        notes.add("Registry data: " + storage.note());
      }
      // Pinned to the digest the seed serves: a node holding an older image of the tag never
      // runs it, and a new image rolls the registry.
      String image =
          seedImage(
              seedAddress,
              in.seed() == null
                  ? settings.registryImage()
                  : in.seed()
                      .digestOf(settings.registryImage())
                      .map(d -> settings.registryImage() + "@" + d)
                      .orElse(settings.registryImage()));
      want(
          RegistryObjects.workload(
              ns,
              image,
              proxy,
              settings.airlocksRegistry(),
              storage.onNode() != null
                  ? ServeDeployment.prepareStorage(image, settings.airlocksRegistry())
                  : null),
          (settings.airlocksRegistry()
                  ? "Airlock's registry (airlock serve), "
                  : "distribution's registry " + settings.registryImage() + ", ")
              + "image pulled from the seed injector at "
              + seedAddress);
      want(
          RegistryObjects.serveService(ns, proxy, proxy ? null : in.registry().nodePort()),
          proxy
              ? "ClusterIP: reached only through the node proxies"
              : "NodePort "
                  + in.registry().nodePort()
                  + ": nodes pull from 127.0.0.1:"
                  + in.registry().nodePort());
      want(
          RegistryObjects.pushService(ns), "ClusterIP only; Airlock pushes through a port-forward");
      if (proxy) {
        String upstream =
            RegistryObjects.NAME + "." + ns + ".svc:" + RegistryObjects.SERVE_PORT_TLS;
        want(
            ProxyObjects.daemonSet(
                ns, seedImage(seedAddress, in.registry().proxyImage()), hostNetwork, upstream),
            hostNetwork
                ? "host network, bound to [::1]:" + ProxyObjects.PORT + " only"
                : "hostPort 127.0.0.1:" + ProxyObjects.PORT + " on every node");
      }
      target =
          new MirrorTarget(
              nodeAddress(mode),
              true,
              null,
              false,
              in.registry().prefix(),
              in.registry().flatten(),
              upstreams());
    }
    MirrorObjects.Result mirrors = MirrorObjects.plan(ns, f.nodes(), f.distroKind(), target);
    mirrors
        .configMaps()
        .forEach(
            cm ->
                want(
                    cm,
                    "files for nodes "
                        + String.join(", ", nodesOf(mirrors, cm.getMetadata().getName()))));
    for (NodeMirror m : mirrors.nodes()) {
      if (m.format() == null) {
        problems.add("Node " + m.node() + ": " + m.note());
      }
    }
    if (f.nodes().isEmpty()) {
      problems.add(
          "No nodes visible: Airlock cannot plan the mirror configuration per node (allow 'list nodes')");
    }
    deletions();
    InstallState state = state(mode, target, pki);
    want(StateStore.toSecret(state, ns), "records mode " + mode.id() + " so later runs keep it");
    if (in.allowPrivilegedNamespace() && !mode.usesProxy()) {
      notes.add(
          "--allow-privileged-namespace has no effect in mode "
              + mode.id()
              + ": it needs no privileged pods");
    }
    return new InstallPlan(
        in.mode(),
        advice,
        target.registry(),
        target,
        changes,
        mirrors.nodes(),
        in.pki() == null ? List.of() : in.pki().changes(),
        problems,
        notes);
  }

  private void namespace(RegistryMode mode) {
    ClusterFacts f = in.facts();
    Namespace probe =
        new NamespaceBuilder().withNewMetadata().withName(in.namespace()).endMetadata().build();
    Optional<HasMetadata> existing = in.existing().find(probe);
    Map<String, String> labels = new LinkedHashMap<>();
    if (existing.isPresent() && existing.get().getMetadata().getLabels() != null) {
      labels.putAll(existing.get().getMetadata().getLabels());
    } else if (existing.isEmpty()) {
      labels.put("app.kubernetes.io/managed-by", "airlock");
      labels.put("app.kubernetes.io/part-of", "airlock");
    }
    Map<String, String> before = new LinkedHashMap<>(labels);
    String note = existing.isPresent() ? "labels kept as they are" : "new";
    if (mode.usesProxy()) {
      String feature = mode == RegistryMode.HOSTPORT ? "hostPort" : "hostNetwork";
      if (!f.version().hasPodSecurityAdmission()) {
        notes.add(
            "Kubernetes "
                + f.version()
                + " has no Pod Security Admission (1.23+): Airlock sets no pod-security labels; a PodSecurityPolicy or policy engine must admit "
                + feature
                + " pods in "
                + in.namespace());
      } else if (ModeAdvisor.privilegedLabelNeeded(f, feature)) {
        String current = labels.get(PolicyFacts.PSA_ENFORCE);
        if (!in.allowPrivilegedNamespace()) {
          problems.add(
              "Mode "
                  + mode.id()
                  + " needs "
                  + feature
                  + " pods in "
                  + in.namespace()
                  + ", which Pod Security "
                  + (current != null
                      ? "'" + current + "' (the namespace's label)"
                      : "at the cluster's default level")
                  + " refuses."
                  + " Re-run with --allow-privileged-namespace to let Airlock set "
                  + PolicyFacts.PSA_ENFORCE
                  + "=privileged on "
                  + in.namespace()
                  + ", or choose another mode");
        } else {
          labels.put(PolicyFacts.PSA_ENFORCE, "privileged");
          note =
              current != null
                  ? "changes "
                      + PolicyFacts.PSA_ENFORCE
                      + " from '"
                      + current
                      + "' to 'privileged' (you allowed it with --allow-privileged-namespace); other labels kept"
                  : "sets "
                      + PolicyFacts.PSA_ENFORCE
                      + "=privileged (you allowed it with --allow-privileged-namespace)";
        }
      }
    }
    probe.getMetadata().setLabels(labels);
    if (existing.isEmpty()) {
      changes.add(new PlannedChange(PlannedChange.Action.CREATE, probe, note));
    } else if (!before.equals(labels)) {
      changes.add(new PlannedChange(PlannedChange.Action.UPDATE, probe, note));
    }
    // An uninstall removes the namespace only when Airlock made it, never one it found.
    boolean ours = "airlock".equals(labels.get(Labels.MANAGED_BY));
    record(probe, ours);
  }

  /** The injector's objects; returns the node of the injector pod (nodeport mode), or null. */
  private String injector(RegistryMode mode, String seedAddress) {
    String ns = in.namespace();
    SeedInput seed = in.seed();
    ClusterFacts f = in.facts();
    Set<String> archs =
        seed != null
            ? seed.binaries().keySet()
            : new TreeSet<>(f.nodes().stream().map(NodeFacts::architecture).toList());
    if (seed == null) {
      problems.add(
          "No seed payload given (--seed-payload and --injector ARCH=FILE): the injector ConfigMaps in the plan are placeholders without content");
    }
    for (String arch : archs) {
      want(
          InjectorObjects.binary(ns, arch, seed == null ? null : seed.binaries().get(arch)),
          "the injector binary for " + arch);
    }
    int chunks = seed == null ? 1 : seed.chunkCount();
    want(
        InjectorObjects.sums(ns, seed),
        "the SHA-256 of each payload chunk; the injector refuses to serve on any mismatch");
    for (int i = 0; i < chunks; i++) {
      // Chunk bytes are read from the payload when applied, one at a time.
      want(
          InjectorObjects.chunk(ns, seed, i, false),
          "payload chunk "
              + (i + 1)
              + " of "
              + chunks
              + (seed == null ? "" : ", " + seed.chunkSize(i) + " bytes"));
    }
    if (mode == RegistryMode.NODEPORT) {
      Optional<InjectorPlacement> host =
          InjectorPlacement.hostNode(f.nodes(), seed == null ? Set.of() : archs);
      if (host.isEmpty()) {
        problems.add(
            "No node can host the seed injector: it needs a Ready, schedulable node of architecture "
                + archs
                + " that already holds an image with a tag (status.images), such as a pause image");
        return null;
      }
      io.fabric8.kubernetes.api.model.Pod pod = InjectorObjects.pod(ns, host.get(), chunks);
      if (seed != null) {
        // A new payload needs a new pod: a pod's volumes cannot change.
        pod.getMetadata()
            .setAnnotations(Map.of(InjectorObjects.PAYLOAD_ANNOTATION, seed.payloadSha256()));
      }
      want(
          pod,
          "on node "
              + host.get().node()
              + " in the image "
              + host.get().image()
              + ", already there");
      want(
          InjectorObjects.seedService(ns),
          "NodePort "
              + InjectorObjects.SEED_NODE_PORT
              + ": nodes pull the registry image from "
              + seedAddress);
      return host.get().node();
    } else {
      List<InjectorPlacement> placements =
          InjectorPlacement.perArchitecture(f.nodes(), seed == null ? Set.of() : archs);
      if (placements.isEmpty()) {
        problems.add(
            "No image is present on every node to run the seed injector in (status.images)");
      }
      for (InjectorPlacement p : placements) {
        want(
            InjectorObjects.daemonSet(ns, p, chunks, mode == RegistryMode.HOSTNETWORK),
            "on every " + p.architecture() + " node in " + p.image() + ", serving " + seedAddress);
      }
      Set<String> missing =
          new TreeSet<>(
              f.nodes().stream().filter(NodeFacts::ready).map(NodeFacts::architecture).toList());
      placements.forEach(p -> missing.remove(p.architecture()));
      if (!missing.isEmpty()) {
        problems.add(
            "No seed injector for nodes of architecture "
                + missing
                + " (no injector binary, or no image common to those nodes)");
      }
      return null;
    }
  }

  private static String seedImage(String seedAddress, String image) {
    ImageRef ref = ImageRef.parse(image);
    return seedAddress
        + "/"
        + new TargetNaming("", false).repository(ref)
        + (ref.tag() != null ? ":" + ref.tag() : "")
        + (ref.digest() != null ? "@" + ref.digest() : "");
  }

  private String nodeAddress(RegistryMode mode) {
    return switch (mode) {
      case NODEPORT -> "127.0.0.1:" + in.registry().nodePort();
      case HOSTPORT -> "127.0.0.1:" + ProxyObjects.PORT;
      case HOSTNETWORK -> "[::1]:" + ProxyObjects.PORT;
      case EXTERNAL -> in.external().registry();
    };
  }

  private List<String> upstreams() {
    return in.bundle().upstreams().isEmpty()
        ? MirrorTarget.DEFAULT_UPSTREAMS
        : in.bundle().upstreams();
  }

  private static List<String> nodesOf(MirrorObjects.Result r, String configMap) {
    return r.nodes().stream()
        .filter(n -> configMap.equals(n.configMap()))
        .map(NodeMirror::node)
        .toList();
  }

  private void want(HasMetadata o, String note) {
    if (in.facts().distroKind() == Distro.OPENSHIFT) {
      OpenShiftPods.adapt(o);
    }
    boolean exists = in.existing().find(o).isPresent();
    changes.add(
        new PlannedChange(
            exists ? PlannedChange.Action.UPDATE : PlannedChange.Action.CREATE, o, note));
    record(o);
  }

  private void keep(HasMetadata o, String why) {
    notes.add(o.getKind() + " " + o.getMetadata().getName() + " kept: " + why);
    record(o);
  }

  private void record(HasMetadata o) {
    record(o, true);
  }

  private void record(HasMetadata o, boolean installedByAirlock) {
    planned.add(
        key(
            o.getApiVersion(),
            o.getKind(),
            o.getMetadata().getNamespace(),
            o.getMetadata().getName()));
    if (installedByAirlock
        && !(o.getKind().equals("Secret") && o.getMetadata().getName().equals(StateStore.NAME))) {
      installed.add(
          new InstallState.InstalledObject(
              o.getApiVersion(),
              o.getKind(),
              o.getMetadata().getNamespace(),
              o.getMetadata().getName()));
    }
  }

  private static String key(String apiVersion, String kind, String ns, String name) {
    return apiVersion + "/" + kind + "/" + ns + "/" + name;
  }

  /** Objects an earlier run installed that this plan no longer has: a mode switch removes them. */
  private void deletions() {
    InstallState before = in.facts().installed();
    if (before == null) {
      return;
    }
    for (InstallState.InstalledObject o : before.installed()) {
      if (planned.contains(key(o.apiVersion(), o.kind(), o.namespace(), o.name()))) {
        continue;
      }
      HasMetadata ref =
          new GenericKubernetesResourceBuilder()
              .withApiVersion(o.apiVersion())
              .withKind(o.kind())
              .withNewMetadata()
              .withName(o.name())
              .withNamespace(o.namespace())
              .endMetadata()
              .build();
      changes.add(
          new PlannedChange(
              PlannedChange.Action.DELETE,
              ref,
              "installed for mode "
                  + before.mode()
                  + ", not used in mode "
                  + in.mode().mode().id()));
    }
  }

  private InstallState state(RegistryMode mode, MirrorTarget target, RegistryPki pki) {
    ClusterFacts f = in.facts();
    InstallState.Pki statePki = null;
    if (pki != null) {
      statePki =
          new InstallState.Pki(
              pki.authority().privateKey().getAlgorithm().equals("RSA") ? "rsa" : "ecdsa",
              cert(pki.authority()),
              cert(pki.server()),
              new InstallState.Cert(
                  io.airlock.installer.pki.IssuedCertificate.fingerprint(pki.serverTrust()),
                  pki.serverTrust().getNotAfter().toInstant().toString()),
              cert(pki.client()),
              pki.serverUserSupplied());
    }
    boolean proxy = mode.usesProxy();
    InstallState.Registry registry =
        new InstallState.Registry(
            target.registry(),
            target.scheme(),
            in.registry().prefix(),
            in.registry().flatten(),
            mode == RegistryMode.EXTERNAL
                ? null
                : RegistryObjects.NAME
                    + "."
                    + in.namespace()
                    + ".svc:"
                    + RegistryObjects.servePort(proxy),
            mode == RegistryMode.NODEPORT ? in.registry().nodePort() : null,
            mode == RegistryMode.EXTERNAL ? target.baseUrl() : null);
    List<InstallState.InstalledBundle> bundles = new ArrayList<>();
    if (f.installed() != null) {
      bundles.addAll(f.installed().bundles());
    }
    return new InstallState(
        InstallState.SCHEMA_VERSION,
        in.airlockVersion(),
        mode.id(),
        registry,
        f.network().families().display(),
        f.distroKind().display(),
        f.version().toString(),
        statePki,
        installed,
        bundles,
        in.now().toString(),
        InstallState.INSTALLED);
  }

  private static InstallState.Cert cert(io.airlock.installer.pki.IssuedCertificate c) {
    return new InstallState.Cert(c.fingerprint(), c.notAfter().toString());
  }
}
