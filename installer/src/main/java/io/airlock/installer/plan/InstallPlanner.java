package io.airlock.installer.plan;

import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.TargetNaming;
import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.cluster.Distro;
import io.airlock.installer.cluster.IpFamilies;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mode.ModeAdvice;
import io.airlock.installer.mode.ModeAdvisor;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.pki.PkiChange;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.state.InstallState;
import io.airlock.installer.state.StateStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Builds the install plan: every object in apply order (namespace, identities, secrets, the seed
 * injector, storage, the registry, its Services, the proxies, the node mirror configuration, the
 * state record), each marked create or update against what the cluster holds, plus deletions when
 * the mode changes. Reads nothing itself and changes nothing; every object is a Fabric8 model
 * object valid on Kubernetes 1.20 and later (Pod Security labels only from 1.23).
 */
public final class InstallPlanner {

  private final PlanInput in;
  private final PlanChanges changes;

  private InstallPlanner(PlanInput in) {
    this.in = in;
    this.changes = new PlanChanges(in);
  }

  public static InstallPlan plan(PlanInput in) {
    return new InstallPlanner(in).build();
  }

  private InstallPlan build() {
    RegistryMode mode = in.mode().mode();
    ClusterFacts f = in.facts();
    String ns = in.namespace();
    ModeAdvice advice = ModeAdvisor.explain(mode, f);
    advice.blockers().forEach(changes::problem);
    if (in.mode().switchedFrom() != null) {
      changes.note(
          "Mode switch: "
              + in.mode().switchedFrom().id()
              + " -> "
              + mode.id()
              + "; objects only the old mode used are deleted below");
    }
    NamespacePlan.plan(in, mode, changes);
    MirrorTarget target;
    RegistryPki pki = in.pki() == null ? null : in.pki().pki();
    if (mode == RegistryMode.EXTERNAL) {
      target = in.external();
      changes.note(
          "Mode external: no registry, injector or proxy is installed; Airlock pushes to "
              + target.registry()
              + " and configures the nodes to pull from it");
    } else {
      boolean proxy = mode.usesProxy();
      boolean hostNetwork = mode == RegistryMode.HOSTNETWORK;
      AccessObjects.serviceAccounts(ns, proxy)
          .forEach(
              o -> changes.want(o, "no API token: Airlock's workloads never call the API server"));
      if (proxy && f.distroKind() == Distro.OPENSHIFT) {
        String scc =
            f.policy().securityContextConstraints().contains("hostnetwork-v2")
                    || f.policy().securityContextConstraints().isEmpty()
                ? "hostnetwork-v2"
                : "hostnetwork";
        AccessObjects.openshiftScc(ns, scc)
            .forEach(
                o ->
                    changes.want(
                        o,
                        "OpenShift: the proxy and injector may use SCC " + scc + ", nothing else"));
      }
      List<PkiChange> pkiChanges = in.pki().changes();
      List<io.fabric8.kubernetes.api.model.Secret> tls = TlsSecrets.of(pki, ns);
      for (int i = 0; i < tls.size(); i++) {
        PkiChange c = pkiChanges.get(i);
        io.fabric8.kubernetes.api.model.Secret s = tls.get(i);
        if (c.action() == PkiChange.Action.KEEP
            && in.existing().find(s).filter(live -> TlsSecrets.unchanged(s, live)).isPresent()) {
          changes.keep(s, c.reason());
        } else if (c.action() == PkiChange.Action.KEEP && in.existing().find(s).isPresent()) {
          changes.want(s, c + "; its ca.crt changes: " + trusted(s));
        } else {
          changes.want(s, c.toString());
        }
      }
      io.fabric8.kubernetes.api.model.Secret auth = AccessObjects.pushCredentialsName(ns);
      if (in.existing().find(auth).isPresent()) {
        changes.keep(auth, "exists; passwords are never rotated silently");
      } else {
        changes.want(
            AccessObjects.pushCredentials(ns),
            "a generated password for the push endpoint (bcrypt in htpasswd)");
      }
      RegistrySettings settings = in.registry();
      if (!settings.airlocksRegistry()) {
        changes.want(
            RegistryObjects.config(ns, proxy),
            proxy
                ? "serve: read-only, TLS with client certificates; push: password, TLS"
                : "serve: read-only, plain HTTP behind the NodePort; push: password, TLS");
      }
      String seedAddress = PlanParts.seedAddress(mode);
      String injectorHost = InjectorPlan.plan(in, mode, seedAddress, changes);
      String size =
          settings.storageSize() != null
              ? settings.storageSize()
              : RegistryObjects.sizeFor(in.bundle().sizeBytes());
      StoragePlan storage = StoragePlan.of(ns, settings, f, size, injectorHost);
      if (storage.problem() != null) {
        changes.problem(storage.problem());
      }
      for (HasMetadata o : storage.objects()) {
        changes.want(o, storage.note());
      }
      if (storage.onNode() != null) {
        changes.note("Registry data: " + storage.note());
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
      changes.want(
          RegistryObjects.workload(
              ns,
              image,
              proxy,
              settings.airlocksRegistry(),
              storage.onNode() != null
                  ? ServeDeployment.prepareStorage(image, settings.airlocksRegistry())
                  : null),
          (settings.airlocksRegistry()
                  ? "Airlock's own registry, "
                  : "distribution's registry " + settings.registryImage() + ", ")
              + "image pulled from the seed injector at "
              + seedAddress);
      changes.want(
          RegistryObjects.serveService(ns, proxy, proxy ? null : in.registry().nodePort()),
          proxy
              ? "ClusterIP: reached only through the node proxies"
              : "NodePort "
                  + in.registry().nodePort()
                  + ": nodes pull from 127.0.0.1:"
                  + in.registry().nodePort());
      changes.want(
          RegistryObjects.pushService(ns), "ClusterIP only; Airlock pushes through a port-forward");
      if (proxy) {
        String upstream = ProxyObjects.upstream(f.network().families() == IpFamilies.IPV6);
        changes.want(
            ProxyObjects.daemonSet(
                ns,
                seedImage(seedAddress, in.registry().proxyImage()),
                hostNetwork,
                upstream,
                RegistryObjects.NAME + "." + ns + ".svc"),
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
                changes.want(
                    cm,
                    "files for nodes "
                        + String.join(", ", nodesOf(mirrors, cm.getMetadata().getName()))));
    for (NodeMirror m : mirrors.nodes()) {
      if (m.format() == null) {
        changes.problem("Node " + m.node() + ": " + m.note());
      }
    }
    if (f.nodes().isEmpty()) {
      changes.problem(
          "No nodes visible: Airlock cannot plan the mirror configuration per node (allow 'list nodes')");
    }
    changes.deletions();
    InstallState state = PlannedState.of(in, mode, target, pki, changes.installed());
    changes.want(
        StateStore.toSecret(state, ns), "records mode " + mode.id() + " so later runs keep it");
    if (in.allowPrivilegedNamespace() && !mode.usesProxy()) {
      changes.note(
          "The consent to a privileged namespace has no effect in mode "
              + mode.id()
              + ": it needs no privileged pods");
    }
    return new InstallPlan(
        in.mode(),
        advice,
        target.registry(),
        target,
        changes.changes(),
        mirrors.nodes(),
        in.pki() == null ? List.of() : in.pki().changes(),
        changes.problems(),
        changes.notes());
  }

  private static String trusted(io.fabric8.kubernetes.api.model.Secret s) {
    return "it trusts the CAs sha256:"
        + String.join(
            ", sha256:",
            java.util.Arrays.stream(
                    s.getMetadata().getAnnotations().get(TlsSecrets.TRUSTED).split(","))
                .map(f -> f.substring(0, 12))
                .toList());
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
    return mode == RegistryMode.EXTERNAL
        ? in.external().registry()
        : NodeAddress.of(mode, in.registry().nodePort());
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
}
