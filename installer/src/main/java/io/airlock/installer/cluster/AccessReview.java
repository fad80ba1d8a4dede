package io.airlock.installer.cluster;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/** Asks the API server, one SelfSubjectAccessReview per verb, what the current user may do. */
public final class AccessReview {

  /** A verb on a resource that Airlock needs, and why. */
  record Need(String verb, String group, String resource, boolean namespaced, String why) {

    /** The API server's answer to this need in {@code namespace} (null: cluster-wide). */
    Permission answer(String namespace, Boolean allowed, String reason) {
      return new Permission(verb, group, resource, namespace, why, allowed, reason);
    }
  }

  /** Everything an install needs, in the order a person would read it. */
  private static final List<Need> INSTALL =
      List.of(
          cluster("list", "", "nodes", "inventory, mirror configuration per node, injector host"),
          cluster("get", "", "namespaces", "read the target namespace's Pod Security labels"),
          cluster("create", "", "namespaces", "create airlock-system"),
          cluster(
              "patch",
              "",
              "namespaces",
              "set Pod Security labels (only with your consent to a privileged namespace)"),
          cluster(
              "list",
              "storage.k8s.io",
              "storageclasses",
              "find the default StorageClass for the registry volume"),
          namespaced(
              "create", "", "serviceaccounts", "the registry's and the proxy's service accounts"),
          namespaced(
              "create", "", "secrets", "TLS, registry credentials and the airlock-state record"),
          namespaced("update", "", "secrets", "rotate certificates, update airlock-state"),
          namespaced("create", "", "configmaps", "the seed injector's binary and payload"),
          namespaced("create", "", "pods", "the seed injector pod"),
          namespaced(
              "create",
              "",
              "pods/portforward",
              "push through a tunnel to the registry's push endpoint"),
          namespaced("delete", "", "pods", "remove the seed injector once the registry runs"),
          namespaced("create", "", "services", "the registry Service"),
          namespaced("create", "", "persistentvolumeclaims", "the registry's storage"),
          namespaced("create", "apps", "deployments", "the registry"),
          namespaced(
              "create", "apps", "daemonsets", "the node proxies and the injector in proxy modes"),
          namespaced(
              "create",
              "rbac.authorization.k8s.io",
              "roles",
              "least-privilege roles for the workloads"),
          namespaced("create", "rbac.authorization.k8s.io", "rolebindings", "bind those roles"));

  /** What OpenShift needs besides. */
  private static final Need OPENSHIFT_SCC =
      namespaced(
          "use",
          "security.openshift.io",
          "securitycontextconstraints",
          "let the proxy use a host-port SCC (hostnetwork-v2)");

  private AccessReview() {}

  private static Need cluster(String verb, String group, String resource, String why) {
    return new Need(verb, group, resource, false, why);
  }

  private static Need namespaced(String verb, String group, String resource, String why) {
    return new Need(verb, group, resource, true, why);
  }

  /** Everything an install on {@code distro} needs. */
  static List<Need> needs(Distro distro) {
    if (distro != Distro.OPENSHIFT) {
      return INSTALL;
    }
    List<Need> n = new ArrayList<>(INSTALL);
    n.add(OPENSHIFT_SCC);
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
        return need.answer(ns, null, "the API server gave no answer");
      }
      String reason = answer.getStatus().getReason();
      return need.answer(
          ns, Boolean.TRUE.equals(answer.getStatus().getAllowed()), reason == null ? "" : reason);
    } catch (KubernetesClientException e) {
      if (KubeErrors.isFatal(e)) {
        throw e;
      }
      return need.answer(ns, null, "review failed: " + KubeErrors.brief(e));
    }
  }
}
