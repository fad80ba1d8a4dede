package io.airlock.installer.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.installer.plan.InstallPlan;
import io.airlock.installer.plan.PlannedChange;
import io.airlock.installer.testing.KubeLab;
import io.airlock.installer.testing.KubeLabExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the server-side dry-run reports, against the real kube-apiserver 1.20: refusals in the
 * server's words, fields 1.20 drops without a word, and how objects for a namespace that does not
 * exist yet are checked.
 */
@ExtendWith(KubeLabExtension.class)
class PlanApplierLabIT {

  static KubeLab lab;

  @BeforeAll
  static void setUp(KubeLab started) {
    lab = started;
  }

  private static List<ApplyResult> dryRun(HasMetadata... objects) {
    List<PlannedChange> changes =
        java.util.Arrays.stream(objects)
            .map(o -> new PlannedChange(PlannedChange.Action.CREATE, o, "test"))
            .toList();
    InstallPlan plan =
        new InstallPlan(null, null, "", null, changes, List.of(), List.of(), List.of(), List.of());
    return new PlanApplier(lab.client(), null).dryRun(plan);
  }

  @Test
  void invalidObjectsAreRefusedInTheServersWords() {
    List<ApplyResult> r =
        dryRun(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("Not_A_Name")
                .withNamespace("default")
                .endMetadata()
                .build(),
            new PodBuilder()
                .withNewMetadata()
                .withName("host-port")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("registry.k8s.io/pause:3.9")
                .addNewPort()
                .withContainerPort(5000)
                .withHostPort(70000)
                .endPort()
                .endContainer()
                .endSpec()
                .build());
    assertEquals(ApplyResult.Outcome.REFUSED, r.get(0).outcome(), r.toString());
    assertTrue(r.get(0).detail().contains("HTTP 422"), r.get(0).detail());
    assertTrue(
        r.get(0).detail().contains("a lowercase RFC 1123 subdomain must consist of"),
        r.get(0).detail());
    assertEquals(ApplyResult.Outcome.REFUSED, r.get(1).outcome(), r.toString());
    assertTrue(
        r.get(1).detail().contains("spec.containers[0].ports[0].hostPort: Invalid value: 70000"),
        r.get(1).detail());
  }

  /**
   * Kubernetes 1.20 knows {@code ipFamilyPolicy} only behind the IPv6DualStack gate (off): it drops
   * the field silently, and the answer's lack of it is the only sign.
   */
  @Test
  void fieldsThisVersionDropsAreReported() {
    ApplyResult r =
        dryRun(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("dual")
                    .withNamespace("default")
                    .endMetadata()
                    .withNewSpec()
                    .withIpFamilyPolicy("PreferDualStack")
                    .addNewPort()
                    .withPort(5000)
                    .withProtocol("TCP")
                    .endPort()
                    .endSpec()
                    .build())
            .get(0);
    assertTrue(r.accepted(), r.toString());
    assertEquals(List.of("spec.ipFamilyPolicy"), r.droppedFields());
  }

  /**
   * In a fresh cluster the plan's namespace and service accounts do not exist: namespaced objects
   * are checked in default, a pod with the default account, and the results say so.
   */
  @Test
  void objectsOfANewNamespaceAreCheckedInDefault() {
    List<ApplyResult> r =
        dryRun(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("airlock-fresh")
                .endMetadata()
                .build(),
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("runner")
                .withNamespace("airlock-fresh")
                .endMetadata()
                .build(),
            new PodBuilder()
                .withNewMetadata()
                .withName("runner")
                .withNamespace("airlock-fresh")
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName("runner")
                .withAutomountServiceAccountToken(false)
                .addNewContainer()
                .withName("c")
                .withImage("registry.k8s.io/pause:3.9")
                .endContainer()
                .endSpec()
                .build());
    r.forEach(x -> assertTrue(x.accepted(), x.toString()));
    assertEquals("", r.get(0).detail());
    assertEquals(
        "checked in namespace default (airlock-fresh does not exist yet)", r.get(1).detail());
    assertEquals(
        "checked in namespace default (airlock-fresh does not exist yet); with service account default (runner does not exist yet)",
        r.get(2).detail());
    assertNull(lab.client().namespaces().withName("airlock-fresh").get());
    assertFalse(
        lab.client().pods().inNamespace("default").list().getItems().stream()
            .anyMatch(p -> p.getMetadata().getName().equals("runner")));
  }
}
