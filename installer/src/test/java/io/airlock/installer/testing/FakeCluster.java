package io.airlock.installer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.oci.Json;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.yaml.snakeyaml.Yaml;

/**
 * A cluster on Fabric8's CRUD mock server, loaded from a fixture in {@code clusters/NAME/}: node,
 * pod, ConfigMap and StorageClass objects modelled on real distributions ({@code objects.yaml}) and
 * what the real API server would decide ({@code cluster.yaml}): its version, the families a
 * PreferDualStack Service gets, and the default Pod Security level. The CRUD store holds objects;
 * the server-side behaviour the mock lacks is answered here as the real server words it: dry-run
 * creates (never stored), Pod Security and OpenShift SCC refusals, and SelfSubjectAccessReviews
 * from a list of denied verbs.
 */
public final class FakeCluster {

  public static final ResourceDefinitionContext SCC =
      new ResourceDefinitionContext.Builder()
          .withGroup("security.openshift.io")
          .withVersion("v1")
          .withKind("SecurityContextConstraints")
          .withPlural("securitycontextconstraints")
          .withNamespaced(false)
          .build();

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Map<String, Object> config;
  private final Map<String, String> namespaceLevels = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final List<String> dryRuns = new ArrayList<>();

  private FakeCluster(
      KubernetesMockServer server, KubernetesClient client, Map<String, Object> config) {
    this.server = server;
    this.client = client;
    this.config = config;
  }

  public static FakeCluster load(
      KubernetesMockServer server, KubernetesClient client, String name) {
    Map<String, Object> config;
    try (InputStream in = resource("clusters/" + name + "/cluster.yaml")) {
      config = new Yaml().load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FakeCluster c = new FakeCluster(server, client, config);
    String version = (String) config.get("version");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("v(\\d+)\\.(\\d+).*").matcher(version);
    if (!m.matches()) {
      throw new IllegalArgumentException(version);
    }
    server.setVersionInfo(
        new VersionInfo.Builder()
            .withMajor(m.group(1))
            .withMinor(m.group(2))
            .withGitVersion(version)
            .build());
    // The CRUD store must know OpenShift's cluster-scoped kind to serve its path.
    server.expectCustomResource(
        new io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.Builder()
            .withGroup(SCC.getGroup())
            .withVersion(SCC.getVersion())
            .withKind(SCC.getKind())
            .withPlural(SCC.getPlural())
            .withScope("Cluster")
            .build());
    try (InputStream in = resource("clusters/" + name + "/objects.yaml")) {
      for (HasMetadata o : client.load(in).items()) {
        if (o instanceof GenericKubernetesResource g
            && g.getKind().equals("SecurityContextConstraints")) {
          client.genericKubernetesResources(SCC).resource(g).create();
        } else {
          client.resource(o).create();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.namespace("default", Map.of());
    c.namespace("kube-system", Map.of());
    c.expectDryRuns();
    c.expectAccessReviews();
    return c;
  }

  private static InputStream resource(String path) {
    InputStream in = FakeCluster.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalArgumentException("no test resource " + path);
    }
    return in;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Creates a namespace with labels; its Pod Security enforce label decides dry-runs in it. */
  public FakeCluster namespace(String name, Map<String, String> labels) {
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
    String level = labels.get("pod-security.kubernetes.io/enforce");
    if (level != null) {
      namespaceLevels.put(name, level);
    }
    return this;
  }

  /**
   * Makes SelfSubjectAccessReviews deny {@code verb group/resource} ({@code "create
   * apps/daemonsets"}, {@code "list nodes"}).
   */
  public FakeCluster deny(String verbAndResource) {
    denied.add(verbAndResource);
    return this;
  }

  /** The dry-run requests the server received, {@code "POST pods in default"}. */
  public List<String> dryRuns() {
    synchronized (dryRuns) {
      return List.copyOf(dryRuns);
    }
  }

  private void expectDryRuns() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/default/services?dryRun=All")
        .andReply(provider(this::serviceDryRun))
        .always();
    for (String ns : List.of("default", "airlock-system", "kube-system")) {
      server
          .expect()
          .post()
          .withPath("/api/v1/namespaces/" + ns + "/pods?dryRun=All")
          .andReply(provider(r -> podDryRun(ns, r)))
          .always();
    }
  }

  private Reply serviceDryRun(RecordedRequest request) {
    record("POST services in default");
    ObjectNode svc =
        (ObjectNode)
            Json.parse(request.getUtf8Body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    List<String> families = (List<String>) config.get("serviceFamilies");
    ObjectNode spec = svc.with("spec");
    if (families.isEmpty()) {
      // Kubernetes 1.20 without the dual-stack gate (its default) drops the field and, on a
      // dry-run, allocates no cluster IP either (as the real 1.20 of the lab rung answers).
      spec.remove("ipFamilyPolicy");
    } else {
      ArrayNode f = spec.putArray("ipFamilies");
      families.forEach(f::add);
      spec.put("clusterIP", families.get(0).equals("IPv6") ? "fd00:96::2c07" : "10.96.44.7");
    }
    return new Reply(201, svc.toString());
  }

  private Reply podDryRun(String namespace, RecordedRequest request) {
    record("POST pods in " + namespace);
    JsonNode pod =
        Json.parse(request.getUtf8Body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String name = pod.path("metadata").path("name").asText();
    List<String> violations = new ArrayList<>();
    if (pod.path("spec").path("hostNetwork").asBoolean(false)) {
      violations.add("host namespaces (hostNetwork=true)");
    }
    for (JsonNode c : pod.path("spec").path("containers")) {
      for (JsonNode p : c.path("ports")) {
        if (p.has("hostPort")) {
          violations.add(
              "hostPort (container \""
                  + c.path("name").asText()
                  + "\" uses hostPort "
                  + p.path("hostPort").asInt()
                  + ")");
        }
      }
      if (c.path("securityContext").path("privileged").asBoolean(false)) {
        violations.add(
            "privileged (container \""
                + c.path("name").asText()
                + "\" must not set securityContext.privileged=true)");
      }
    }
    if (Boolean.TRUE.equals(config.get("openshift")) && !violations.isEmpty()) {
      return status(
          403,
          "Forbidden",
          "pods \""
              + name
              + "\" is forbidden: unable to validate against any security context constraint: [provider \"anyuid\": Forbidden: not usable by user or serviceaccount, provider restricted-v2: .spec.securityContext.hostNetwork: Invalid value: true: Host network is not allowed to be used, provider restricted-v2: .containers[0].hostPort: Invalid value: 5000: Host ports are not allowed to be used, provider \"hostnetwork-v2\": Forbidden: not usable by user or serviceaccount, provider \"privileged\": Forbidden: not usable by user or serviceaccount]");
    }
    String level =
        namespaceLevels.getOrDefault(namespace, (String) config.get("podSecurityDefault"));
    if ((level.equals("baseline") || level.equals("restricted")) && !violations.isEmpty()) {
      return status(
          403,
          "Forbidden",
          "pods \""
              + name
              + "\" is forbidden: violates PodSecurity \""
              + level
              + ":latest\": "
              + String.join(", ", violations));
    }
    ObjectNode created = (ObjectNode) pod;
    created.with("metadata").put("uid", "00000000-0000-0000-0000-000000000001");
    return new Reply(201, created.toString());
  }

  private void expectAccessReviews() {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReply(provider(this::review))
        .always();
  }

  private Reply review(RecordedRequest request) {
    ObjectNode review =
        (ObjectNode)
            Json.parse(request.getUtf8Body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JsonNode a = review.path("spec").path("resourceAttributes");
    String group = a.path("group").asText("");
    String key =
        a.path("verb").asText()
            + " "
            + (group.isEmpty() ? "" : group + "/")
            + a.path("resource").asText();
    ObjectNode status = review.putObject("status");
    if (denied.contains(key)) {
      status.put("allowed", false);
    } else {
      status.put("allowed", true);
      status.put(
          "reason",
          "RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to Group \"system:masters\"");
    }
    return new Reply(201, review.toString());
  }

  private void record(String s) {
    synchronized (dryRuns) {
      dryRuns.add(s);
    }
  }

  private static Reply status(int code, String reason, String message) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure");
    s.putObject("metadata");
    s.put("message", message).put("reason", reason).put("code", code);
    return new Reply(code, s.toString());
  }

  private record Reply(int code, String body) {}

  /** Adapts a function to the mock server's reply interface (status and body from one request). */
  private static ResponseProvider<Object> provider(Function<RecordedRequest, Reply> f) {
    return new ResponseProvider<>() {
      private final Map<RecordedRequest, Reply> replies = new ConcurrentHashMap<>();
      private Headers headers = Headers.builder().add("Content-Type", "application/json").build();

      private Reply reply(RecordedRequest r) {
        return replies.computeIfAbsent(r, f);
      }

      @Override
      public int getStatusCode(RecordedRequest request) {
        return reply(request).code();
      }

      @Override
      public Object getBody(RecordedRequest request) {
        Reply r = replies.remove(request);
        return r != null ? r.body() : f.apply(request).body();
      }

      @Override
      public Headers getHeaders() {
        return headers;
      }

      @Override
      public void setHeaders(Headers h) {
        this.headers = h;
      }
    };
  }
}
