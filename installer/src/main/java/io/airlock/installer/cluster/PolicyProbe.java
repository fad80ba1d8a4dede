package io.airlock.installer.cluster;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads namespace labels, storage classes, SCCs and permissions, and dry-runs host-feature pods.
 */
final class PolicyProbe {

  static final String PROBE_IMAGE = "registry.k8s.io/pause:3.9";
  private static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
  private static final String BETA_DEFAULT_CLASS =
      "storageclass.beta.kubernetes.io/is-default-class";

  private PolicyProbe() {}

  static PolicyFacts probe(
      KubernetesClient client,
      String namespace,
      ServerVersion version,
      Distro distro,
      List<String> warnings) {
    List<String> notes = new ArrayList<>();
    Namespace ns = null;
    try {
      ns = client.namespaces().withName(namespace).get();
    } catch (KubernetesClientException e) {
      rethrowFatal(e);
      warnings.add(
          "cannot read namespace "
              + namespace
              + " ("
              + KubeErrors.brief(e)
              + "); its labels are unknown");
    }
    Map<String, String> labels =
        ns == null || ns.getMetadata().getLabels() == null
            ? Map.of()
            : ns.getMetadata().getLabels();
    Map<String, String> psa = new LinkedHashMap<>();
    labels.forEach(
        (k, v) -> {
          if (k.startsWith("pod-security.kubernetes.io/")) {
            psa.put(k, v);
          }
        });
    if (!version.hasPodSecurityAdmission()) {
      notes.add(
          "Pod Security Admission needs Kubernetes 1.23+; this cluster runs "
              + version
              + ", so Airlock sets no PSA labels; PodSecurityPolicy or a webhook may still apply, and the dry-runs below show their verdict");
    }

    String where;
    String dryRunNamespace;
    if (ns != null) {
      dryRunNamespace = namespace;
      where = "namespace " + namespace;
    } else {
      dryRunNamespace = "default";
      where =
          "namespace default ("
              + namespace
              + " does not exist yet; a new namespace gets the cluster's default policy, which default shows unless it is labelled)";
    }
    List<Admission> admission = new ArrayList<>();
    for (String feature : List.of("hostPort", "hostNetwork", "privileged")) {
      admission.add(dryRun(client, dryRunNamespace, feature, where));
    }

    List<String> sccs = new ArrayList<>();
    if (distro == Distro.OPENSHIFT) {
      try {
        client
            .genericKubernetesResources("security.openshift.io/v1", "SecurityContextConstraints")
            .list()
            .getItems()
            .forEach(r -> sccs.add(r.getMetadata().getName()));
      } catch (KubernetesClientException e) {
        rethrowFatal(e);
        warnings.add(
            "cannot list OpenShift SecurityContextConstraints (" + KubeErrors.brief(e) + ")");
      }
    }

    String defaultClass = null;
    List<String> classes = new ArrayList<>();
    try {
      for (StorageClass sc : client.storage().v1().storageClasses().list().getItems()) {
        classes.add(sc.getMetadata().getName());
        Map<String, String> a =
            Optional.ofNullable(sc.getMetadata().getAnnotations()).orElse(Map.of());
        if ("true".equals(a.get(DEFAULT_CLASS)) || "true".equals(a.get(BETA_DEFAULT_CLASS))) {
          defaultClass = sc.getMetadata().getName();
        }
      }
    } catch (KubernetesClientException e) {
      rethrowFatal(e);
      warnings.add("cannot list StorageClasses (" + KubeErrors.brief(e) + ")");
    }
    List<Permission> permissions = AccessReview.check(client, namespace, distro);
    return new PolicyFacts(
        namespace,
        ns != null,
        labels,
        psa,
        admission,
        sccs,
        defaultClass,
        classes,
        permissions,
        notes);
  }

  /** A pod that needs one host feature, created with dryRun=All: nothing is stored or run. */
  static Pod probePod(String namespace, String feature) {
    ContainerBuilder c = new ContainerBuilder().withName("probe").withImage(PROBE_IMAGE);
    if (feature.equals("hostPort")) {
      c.addNewPort()
          .withContainerPort(5000)
          .withHostPort(5000)
          .withHostIP("127.0.0.1")
          .withProtocol("TCP")
          .endPort();
    }
    if (feature.equals("privileged")) {
      c.withNewSecurityContext().withPrivileged(true).endSecurityContext();
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName("airlock-admission-probe")
        .withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", "airlock")
        .endMetadata()
        .withNewSpec()
        .withHostNetwork(feature.equals("hostNetwork") ? Boolean.TRUE : null)
        .withContainers(c.build())
        .endSpec()
        .build();
  }

  private static Admission dryRun(
      KubernetesClient client, String namespace, String feature, String where) {
    try {
      client.pods().inNamespace(namespace).resource(probePod(namespace, feature)).dryRun().create();
      return new Admission(feature, Admission.Verdict.ALLOWED, where, "");
    } catch (KubernetesClientException e) {
      rethrowFatal(e);
      String message =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : String.valueOf(e.getMessage());
      if (message.contains("violates PodSecurity")
          || message.contains("security context constraint")
          || (e.getCode() == 400 || e.getCode() == 422) && message.contains("denied")) {
        return new Admission(feature, Admission.Verdict.DENIED, where, message);
      }
      if (e.getCode() == 403 && message.contains("admission webhook")) {
        return new Admission(feature, Admission.Verdict.DENIED, where, message);
      }
      if (e.getCode() == 403) {
        return new Admission(
            feature,
            Admission.Verdict.UNKNOWN,
            where,
            "cannot test: not allowed to create pods (even as a dry-run) in " + namespace);
      }
      return new Admission(feature, Admission.Verdict.UNKNOWN, where, "dry-run failed: " + message);
    }
  }

  static void rethrowFatal(KubernetesClientException e) {
    if (KubeErrors.isFatal(e)) {
      throw e;
    }
  }
}
