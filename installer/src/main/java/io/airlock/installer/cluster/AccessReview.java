package io.airlock.installer.cluster;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/** Asks the API server, one SelfSubjectAccessReview per verb, what the current user may do. */
public final class AccessReview {

  /** A verb on a resource that Airlock needs, and why. */
  record Need(String verb, String group, String resource, boolean namespaced, String why) {}

  private AccessReview() {}

  /** Everything an install needs, in the order a person would read it. */
  static List<Need> needs(Distro distro) {
    List<Need> n = new ArrayList<>();
    n.add(
        new Need(
            "list", "", "nodes", false, "inventory, mirror configuration per node, injector host"));
    n.add(
        new Need(
            "get", "", "namespaces", false, "read the target namespace's Pod Security labels"));
    n.add(new Need("create", "", "namespaces", false, "create airlock-system"));
    n.add(
        new Need(
            "patch",
            "",
            "namespaces",
            false,
            "set Pod Security labels (only with your consent to a privileged namespace)"));
    n.add(
        new Need(
            "list",
            "storage.k8s.io",
            "storageclasses",
            false,
            "find the default StorageClass for the registry volume"));
    n.add(
        new Need(
            "create",
            "",
            "serviceaccounts",
            true,
            "the registry's and the proxy's service accounts"));
    n.add(
        new Need(
            "create",
            "",
            "secrets",
            true,
            "TLS, registry credentials and the airlock-state record"));
    n.add(new Need("update", "", "secrets", true, "rotate certificates, update airlock-state"));
    n.add(new Need("create", "", "configmaps", true, "the seed injector's binary and payload"));
    n.add(new Need("create", "", "pods", true, "the seed injector pod"));
    n.add(
        new Need(
            "create",
            "",
            "pods/portforward",
            true,
            "push through a tunnel to the registry's push endpoint"));
    n.add(new Need("delete", "", "pods", true, "remove the seed injector once the registry runs"));
    n.add(new Need("create", "", "services", true, "the registry Service"));
    n.add(new Need("create", "", "persistentvolumeclaims", true, "the registry's storage"));
    n.add(new Need("create", "apps", "deployments", true, "the registry"));
    n.add(
        new Need(
            "create",
            "apps",
            "daemonsets",
            true,
            "the node proxies and the injector in proxy modes"));
    n.add(
        new Need(
            "create",
            "rbac.authorization.k8s.io",
            "roles",
            true,
            "least-privilege roles for the workloads"));
    n.add(
        new Need("create", "rbac.authorization.k8s.io", "rolebindings", true, "bind those roles"));
    if (distro == Distro.OPENSHIFT) {
      n.add(
          new Need(
              "use",
              "security.openshift.io",
              "securitycontextconstraints",
              true,
              "let the proxy use a host-port SCC (hostnetwork-v2)"));
    }
    return n;
  }

  /**
   * Reviews every need, a few at once (each is a round trip to the API server); a failed review is
   * recorded as unknown, never guessed.
   */
  static List<Permission> check(
      io.fabric8.kubernetes.client.KubernetesClient client, String namespace, Distro distro) {
    List<Need> needs = needs(distro);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            6,
            r -> {
              Thread t = new Thread(r, "airlock-access-review");
              t.setDaemon(true);
              return t;
            });
    try {
      List<java.util.concurrent.Future<Permission>> answers = new ArrayList<>();
      for (Need need : needs) {
        answers.add(pool.submit(() -> review(client, namespace, need)));
      }
      List<Permission> out = new ArrayList<>();
      for (java.util.concurrent.Future<Permission> f : answers) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof KubernetesClientException k) {
            throw k;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KubernetesClientException("interrupted while reviewing permissions", e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Permission review(
      io.fabric8.kubernetes.client.KubernetesClient client, String namespace, Need need) {
    String ns = need.namespaced() ? namespace : null;
    int slash = need.resource().indexOf('/');
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(need.verb())
            .withGroup(need.group())
            .withResource(slash < 0 ? need.resource() : need.resource().substring(0, slash))
            .withSubresource(slash < 0 ? null : need.resource().substring(slash + 1))
            .withNamespace(ns)
            .endResourceAttributes()
            .endSpec()
            .build();
    try {
      SelfSubjectAccessReview answer =
          client.authorization().v1().selfSubjectAccessReview().create(review);
      if (answer.getStatus() == null) {
        return new Permission(
            need.verb(),
            need.group(),
            need.resource(),
            ns,
            need.why(),
            null,
            "the API server gave no answer");
      }
      String reason = answer.getStatus().getReason();
      return new Permission(
          need.verb(),
          need.group(),
          need.resource(),
          ns,
          need.why(),
          Boolean.TRUE.equals(answer.getStatus().getAllowed()),
          reason == null ? "" : reason);
    } catch (KubernetesClientException e) {
      if (KubeErrors.isFatal(e)) {
        throw e;
      }
      return new Permission(
          need.verb(),
          need.group(),
          need.resource(),
          ns,
          need.why(),
          null,
          "review failed: " + KubeErrors.brief(e));
    }
  }
}
