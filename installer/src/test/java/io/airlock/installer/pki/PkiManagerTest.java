package io.airlock.installer.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reuse, renewal at half the lifetime, renewal on new names and the CA replaced in two runs. */
class PkiManagerTest {

  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final SubjectNames NAMES =
      SubjectNames.forService("airlock-registry", "airlock-system", List.of());
  static final PkiOptions OPTIONS = PkiOptions.defaults(NAMES);

  static PkiManager at(Instant t) {
    return new PkiManager(Clock.fixed(t, ZoneOffset.UTC));
  }

  @Test
  void firstRunCreatesAllThreeSignedByTheCa() {
    PkiManager.Outcome o = at(T0).ensure(Optional.empty(), OPTIONS);
    assertEquals(
        List.of(PkiChange.Action.CREATE, PkiChange.Action.CREATE, PkiChange.Action.CREATE),
        o.changes().stream().map(PkiChange::action).toList());
    assertTrue(
        Rotation.signedBy(o.pki().server().certificate(), o.pki().authority().certificate()));
    assertTrue(
        Rotation.signedBy(o.pki().client().certificate(), o.pki().authority().certificate()));
    assertEquals(o.pki().authority().certificate(), o.pki().serverTrust());
    assertEquals("EC", o.pki().server().privateKey().getAlgorithm());
  }

  @Test
  void keepsCertificatesWhileMoreThanHalfTheirLifetimeRemains() {
    RegistryPki first = at(T0).ensure(Optional.empty(), OPTIONS).pki();
    PkiManager.Outcome later =
        at(T0.plus(Duration.ofDays(150))).ensure(Optional.of(first), OPTIONS);
    assertTrue(
        later.changes().stream().allMatch(c -> c.action() == PkiChange.Action.KEEP),
        later.changes().toString());
    assertEquals(first.fingerprints(), later.pki().fingerprints());
  }

  @Test
  void renewsLeavesPastHalfTheirLifetimeButKeepsTheCa() {
    RegistryPki first = at(T0).ensure(Optional.empty(), OPTIONS).pki();
    PkiManager.Outcome later =
        at(T0.plus(Duration.ofDays(200))).ensure(Optional.of(first), OPTIONS);
    assertEquals(PkiChange.Action.KEEP, later.changes().get(0).action());
    assertEquals(PkiChange.Action.RENEW, later.changes().get(1).action());
    assertTrue(
        later.changes().get(1).reason().startsWith("less than half of its lifetime is left"),
        later.changes().get(1).reason());
    assertEquals(PkiChange.Action.RENEW, later.changes().get(2).action());
    assertEquals(first.fingerprints().ca(), later.pki().fingerprints().ca());
    assertNotEquals(first.fingerprints().server(), later.pki().fingerprints().server());
    assertTrue(
        Rotation.signedBy(later.pki().server().certificate(), first.authority().certificate()));
  }

  @Test
  void aCaPastHalfItsLifetimeIsPublishedFirstAndSignsOnlyFromALaterRun() {
    RegistryPki first = at(T0).ensure(Optional.empty(), OPTIONS).pki();
    Instant half = T0.plus(Duration.ofDays(1900));
    PkiManager.Outcome published = at(half).ensure(Optional.of(first), OPTIONS);
    assertEquals(PkiChange.Action.PUBLISH, published.changes().get(0).action());
    assertEquals(first.authority(), published.pki().authority(), "the old CA keeps signing");
    IssuedCertificate next = published.pki().rollover().next();
    assertEquals(
        List.of(first.authority().certificate(), next.certificate()), published.pki().caBundle());
    // The leaves had expired: renewed, by the old CA.
    assertTrue(
        Rotation.signedBy(published.pki().client().certificate(), first.authority().certificate()));

    PkiManager.Outcome switched =
        at(half.plus(CaRotation.SWITCH_AFTER)).ensure(Optional.of(published.pki()), OPTIONS);
    assertEquals(PkiChange.Action.SWITCH, switched.changes().get(0).action());
    assertEquals(next, switched.pki().authority());
    assertEquals(
        "its CA switched to the one published " + half, switched.changes().get(1).reason());
    assertTrue(Rotation.signedBy(switched.pki().client().certificate(), next.certificate()));
    assertEquals(
        List.of(next.certificate(), first.authority().certificate()), switched.pki().caBundle());
  }

  @Test
  void renewsTheServerCertificateWhenAnExtraNameIsAdded() {
    RegistryPki first = at(T0).ensure(Optional.empty(), OPTIONS).pki();
    SubjectNames more =
        SubjectNames.forService(
            "airlock-registry", "airlock-system", List.of("registry.site.example"));
    PkiManager.Outcome later =
        at(T0.plus(Duration.ofDays(1))).ensure(Optional.of(first), PkiOptions.defaults(more));
    assertEquals(PkiChange.Action.RENEW, later.changes().get(1).action());
    assertEquals("it does not name registry.site.example", later.changes().get(1).reason());
    assertTrue(
        Rotation.namesOf(later.pki().server().certificate())
            .dnsNames()
            .contains("registry.site.example"));
    assertEquals(PkiChange.Action.KEEP, later.changes().get(2).action());
  }

  @Test
  void rsaOnRequest() {
    RegistryPki rsa =
        at(T0).ensure(Optional.empty(), OPTIONS.withAlgorithm(KeyAlgorithm.RSA_3072)).pki();
    assertEquals("RSA", rsa.authority().privateKey().getAlgorithm());
    assertEquals("SHA256withRSA", rsa.server().certificate().getSigAlgName());
  }

  @Test
  void leafNeverOutlivesItsCa() {
    PkiOptions shortCa = OPTIONS.withLifetimes(Duration.ofDays(30), Duration.ofDays(365));
    RegistryPki pki = at(T0).ensure(Optional.empty(), shortCa).pki();
    assertEquals(pki.authority().notAfter(), pki.server().notAfter());
  }
}
