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
            "set Pod Security labels (only with --allow-privileged-namespace)"));
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

  /** Reviews every need; a failed review is recorded as unknown, never guessed. */
  static List<Permission> check(
      io.fabric8.kubernetes.client.KubernetesClient client, String namespace, Distro distro) {
    List<Permission> out = new ArrayList<>();
    for (Need need : needs(distro)) {
      String ns = need.namespaced() ? namespace : null;
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withVerb(need.verb())
              .withGroup(need.group())
              .withResource(need.resource())
              .withNamespace(ns)
              .endResourceAttributes()
              .endSpec()
              .build();
      try {
        SelfSubjectAccessReview answer =
            client.authorization().v1().selfSubjectAccessReview().create(review);
        if (answer.getStatus() == null) {
          out.add(
              new Permission(
                  need.verb(),
                  need.group(),
                  need.resource(),
                  ns,
                  need.why(),
                  null,
                  "the API server gave no answer"));
        } else {
          boolean allowed = Boolean.TRUE.equals(answer.getStatus().getAllowed());
          String reason = answer.getStatus().getReason();
          out.add(
              new Permission(
                  need.verb(),
                  need.group(),
                  need.resource(),
                  ns,
                  need.why(),
                  allowed,
                  reason == null ? "" : reason));
        }
      } catch (KubernetesClientException e) {
        if (KubeErrors.isFatal(e)) {
          throw e;
        }
        out.add(
            new Permission(
                need.verb(),
                need.group(),
                need.resource(),
                ns,
                need.why(),
                null,
                "review failed: " + KubeErrors.brief(e)));
      }
    }
    return out;
  }
}
