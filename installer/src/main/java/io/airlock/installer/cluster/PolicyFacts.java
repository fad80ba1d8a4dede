package io.airlock.installer.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Policy that decides what Airlock may run.
 *
 * @param namespaceLabels all labels of the target namespace (empty when it does not exist yet)
 * @param podSecurityLabels its {@code pod-security.kubernetes.io/*} labels
 * @param securityContextConstraints OpenShift SCC names, empty elsewhere
 * @param defaultStorageClass the default StorageClass, or null when there is none
 */
public record PolicyFacts(
    String namespace,
    boolean namespaceExists,
    Map<String, String> namespaceLabels,
    Map<String, String> podSecurityLabels,
    List<Admission> admission,
    List<String> securityContextConstraints,
    String defaultStorageClass,
    List<String> storageClasses,
    List<Permission> permissions,
    List<String> notes) {

  public static final String PSA_ENFORCE = "pod-security.kubernetes.io/enforce";

  public PolicyFacts {
    namespaceLabels = Map.copyOf(namespaceLabels);
    podSecurityLabels = Map.copyOf(podSecurityLabels);
    admission = List.copyOf(admission);
    securityContextConstraints = List.copyOf(securityContextConstraints);
    storageClasses = List.copyOf(storageClasses);
    permissions = List.copyOf(permissions);
    notes = List.copyOf(notes);
  }

  public Optional<Admission> admission(String feature) {
    return admission.stream().filter(a -> a.feature().equals(feature)).findFirst();
  }

  public boolean denied(String feature) {
    return admission(feature).map(a -> a.verdict() == Admission.Verdict.DENIED).orElse(false);
  }

  public List<Permission> missing() {
    return permissions.stream().filter(p -> !Boolean.TRUE.equals(p.allowed())).toList();
  }
}
