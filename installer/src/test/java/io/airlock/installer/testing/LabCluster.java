package io.airlock.installer.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * Puts a cluster fixture ({@code clusters/NAME/objects.yaml}, the same files the mock rung loads)
 * into the {@link KubeLab}'s real API server, and makes users with narrower rights than the lab's
 * admin.
 *
 * <p>What the real server does with the objects, which the tests rely on: a Node's status is set
 * through the status subresource, as a kubelet does; the {@code TaintNodesByCondition} admission
 * plugin adds {@code node.kubernetes.io/not-ready:NoSchedule} to every new Node, which the
 * node-lifecycle controller would lift once the kubelet reports Ready; without a kubelet this class
 * lifts it for Nodes whose fixture says Ready. Pod status is dropped on create (no kubelet reports
 * it); OpenShift's SecurityContextConstraints are served through a CRD.
 */
public final class LabCluster {

  public static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubeLab lab;
  private final List<HasMetadata> loaded = new ArrayList<>();

  public LabCluster(KubeLab lab) {
    this.lab = lab;
  }

  public KubernetesClient client() {
    return lab.client();
  }

  /** The objects of a fixture as parsed here, without any server in between. */
  public static List<HasMetadata> fixture(String name) {
    KubernetesSerialization serialization = SERIALIZATION;
    List<HasMetadata> out = new ArrayList<>();
    try (InputStream in = resource("clusters/" + name + "/objects.yaml")) {
      for (Object doc : new Yaml().loadAll(in)) {
        if (doc != null) {
          out.add(serialization.unmarshal(serialization.asJson(doc)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The fixture's nodes as parsed here. */
  public static List<Node> fixtureNodes(String name) {
    return fixture(name).stream().filter(Node.class::isInstance).map(Node.class::cast).toList();
  }

  /**
   * Replaces what an earlier {@code load} put into the lab (and every Node) with the objects of
   * fixture {@code name}.
   */
  public LabCluster load(String name) {
    KubernetesClient c = client();
    clear();
    for (HasMetadata o : fixture(name)) {
      if (o instanceof GenericKubernetesResource g
          && g.getKind().equals("SecurityContextConstraints")) {
        ensureSccDefinition();
        loaded.add(c.genericKubernetesResources(FakeCluster.SCC).resource(g).create());
      } else if (o instanceof Node n) {
        loaded.add(createNode(n));
      } else if (o instanceof Pod p) {
        loaded.add(createPod(p));
      } else {
        loaded.add(c.resource(o).create());
      }
    }
    return this;
  }

  /** Deletes every Node and what {@link #load} created. */
  public void clear() {
    KubernetesClient c = client();
    for (int i = loaded.size() - 1; i >= 0; i--) {
      HasMetadata o = loaded.get(i);
      if (o instanceof GenericKubernetesResource g) {
        c.genericKubernetesResources(FakeCluster.SCC).resource(g).delete();
      } else {
        // Pods bound to a node wait for its kubelet on a graceful delete; there is none.
        c.resource(o).withGracePeriod(0).delete();
      }
    }
    loaded.clear();
    c.nodes().delete();
    awaitGone();
  }

  private void awaitGone() {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (client().nodes().list().getItems().isEmpty()) {
        return;
      }
      KubeLab.pause(100);
    }
    throw new AssertionError("nodes still present 30 s after delete");
  }

  /**
   * Creates a Node as its kubelet registers it: the object first, then its status (addresses,
   * conditions, images, runtime) through the status subresource, then the taints its real cluster's
   * controllers left (in place of the not-ready taint admission adds to a new Node).
   */
  private Node createNode(Node n) {
    KubernetesClient c = client();
    Node bare = SERIALIZATION.clone(n);
    bare.setStatus(null);
    c.resource(bare).create();
    // Merge patches: controllers (ttl, attach-detach) touch a new Node at once, so a PUT with
    // its resourceVersion would conflict.
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("status", n.getStatus());
    patch(c, n, "status", status);
    // Admission added node.kubernetes.io/not-ready; the fixture's taints are what the node's
    // controllers left on the real cluster it was taken from.
    List<Taint> taints = n.getSpec() == null ? null : n.getSpec().getTaints();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("spec", Map.of("taints", taints == null ? List.of() : taints));
    return patch(c, n, null, spec);
  }

  private static Node patch(KubernetesClient c, Node n, String subresource, Object body) {
    var node = c.nodes().withName(n.getMetadata().getName());
    var target = subresource == null ? node : node.subresource(subresource);
    return target.patch(PatchContext.of(PatchType.JSON_MERGE), SERIALIZATION.asJson(body));
  }

  /**
   * Pods need their namespace's {@code default} service account and its token Secret, which the KCM
   * creates shortly after start; the API server refuses the pod until then.
   */
  private Pod createPod(Pod p) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try {
        return client().resource(p).create();
      } catch (KubernetesClientException e) {
        boolean early =
            e.getCode() == 403
                && String.valueOf(e.getMessage()).contains("service account")
                && Instant.now().isBefore(deadline);
        if (!early) {
          throw e;
        }
        KubeLab.pause(200);
      }
    }
  }

  private void ensureSccDefinition() {
    KubernetesClient c = client();
    String name = FakeCluster.SCC.getPlural() + "." + FakeCluster.SCC.getGroup();
    if (c.apiextensions().v1().customResourceDefinitions().withName(name).get() != null) {
      return;
    }
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withGroup(FakeCluster.SCC.getGroup())
            .withScope("Cluster")
            .withNewNames()
            .withKind(FakeCluster.SCC.getKind())
            .withPlural(FakeCluster.SCC.getPlural())
            .withSingular("securitycontextconstraints")
            .withListKind("SecurityContextConstraintsList")
            .endNames()
            .addNewVersion()
            .withName(FakeCluster.SCC.getVersion())
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    c.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    c.apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .waitUntilCondition(
            d ->
                d != null
                    && d.getStatus() != null
                    && d.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            30,
            TimeUnit.SECONDS);
  }

  /**
   * Namespace {@code ns} with ServiceAccount {@code installer}, bound to Role {@code role} of
   * {@code rules} (and nothing else): a user of narrow rights, for {@link
   * #serviceAccountKubeconfig}.
   */
  public void installerAccount(String ns, String role, PolicyRule... rules) {
    KubernetesClient admin = client();
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("installer")
                .withNamespace(ns)
                .endMetadata()
                .build())
        .serverSideApply();
    admin
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(role)
                .withNamespace(ns)
                .endMetadata()
                .withRules(rules)
                .build())
        .serverSideApply();
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(role)
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName(role)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("installer")
                .withNamespace(ns)
                .endSubject()
                .build())
        .serverSideApply();
  }

  /** A Role's rule: {@code verbs} on {@code resources} of API group {@code group}. */
  public static PolicyRule rule(String group, List<String> resources, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  /**
   * A kubeconfig that authenticates as a ServiceAccount with the token the KCM's token controller
   * put into its Secret (Kubernetes before 1.24 creates one per account).
   */
  public Path serviceAccountKubeconfig(Path dir, String namespace, String name) {
    KubernetesClient c = client();
    Instant deadline = Instant.now().plusSeconds(30);
    String token = null;
    while (token == null) {
      ServiceAccount sa = c.serviceAccounts().inNamespace(namespace).withName(name).get();
      if (sa != null && sa.getSecrets() != null) {
        for (var ref : sa.getSecrets()) {
          Secret s = c.secrets().inNamespace(namespace).withName(ref.getName()).get();
          if (s != null
              && "kubernetes.io/service-account-token".equals(s.getType())
              && s.getData() != null
              && s.getData().get("token") != null) {
            token =
                new String(
                    Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8);
          }
        }
      }
      if (token == null) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("no token Secret for ServiceAccount " + namespace + "/" + name);
        }
        KubeLab.pause(200);
      }
    }
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("token", token);
    return Kubeconfigs.write(dir, lab.server(), caPem(), "sa-" + name, user);
  }

  public String caPem() {
    return read(lab.caCertificate());
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = LabCluster.class.getClassLoader().getResourceAsStream(path);
    return Optional.ofNullable(in)
        .orElseThrow(() -> new IllegalArgumentException("no test resource " + path));
  }
}
