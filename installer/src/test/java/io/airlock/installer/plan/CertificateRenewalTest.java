package io.airlock.installer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.testing.Command;
import io.airlock.installer.pki.PkiChange;
import io.airlock.installer.pki.PkiManager;
import io.airlock.installer.pki.PkiOptions;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.pki.SubjectNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-run past half the certificates' lifetime renews the registry's and the proxies' certificates
 * in their Secrets (Fabric8's mock server in CRUD mode holds them, as a cluster would) and keeps
 * the CA, so there is no moment where nodes cannot pull: whichever of old and new the registry and
 * a proxy hold while the kubelet swaps their files (the proxy takes the new ones at its next
 * connection, node ProxyTest), each accepts the other. A CA past half its life is first published
 * in every stored bundle, then signs from a run ten minutes later, the old one still trusted: no
 * pairing of files across either step is refused. openssl judges every pairing.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class CertificateRenewalTest {

  static final String NS = "airlock-system";
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final PkiOptions OPTIONS =
      PkiOptions.defaults(SubjectNames.forService("airlock-registry", NS, List.of()));

  KubernetesClient client;
  @TempDir Path dir;

  @Test
  void aRerunPastHalfTheLifetimeRenewsTheLeavesWithoutATrustGap() throws Exception {
    RegistryPki first = ensure(T0, Optional.empty()).pki();
    store(first);
    Secret oldRegistry = secret(TlsSecrets.REGISTRY);
    Secret oldProxy = secret(TlsSecrets.PROXY);

    // Six months on: nothing to renew yet.
    PkiManager.Outcome early = ensure(T0.plus(Duration.ofDays(150)), readBack());
    assertTrue(early.changes().stream().allMatch(c -> c.action() == PkiChange.Action.KEEP));

    // Past half of a year's lifetime: server and client renewed, the CA kept.
    Instant later = T0.plus(Duration.ofDays(200));
    PkiManager.Outcome renewed = ensure(later, readBack());
    assertEquals(
        List.of(PkiChange.Action.KEEP, PkiChange.Action.RENEW, PkiChange.Action.RENEW),
        renewed.changes().stream().map(PkiChange::action).toList());
    store(renewed.pki());
    Secret newRegistry = secret(TlsSecrets.REGISTRY);
    Secret newProxy = secret(TlsSecrets.PROXY);
    assertNotEquals(data(oldProxy, "tls.crt"), data(newProxy, "tls.crt"));
    assertNotEquals(data(oldRegistry, "tls.crt"), data(newRegistry, "tls.crt"));
    assertEquals(data(oldRegistry, "ca.crt"), data(newRegistry, "ca.crt"));
    assertEquals(data(oldProxy, "ca.crt"), data(newProxy, "ca.crt"));

    long at = later.getEpochSecond();
    for (Secret registry : List.of(oldRegistry, newRegistry)) {
      for (Secret proxy : List.of(oldProxy, newProxy)) {
        // The registry accepts the proxy's client certificate...
        verify(registry, "ca.crt", proxy, "sslclient", at);
        // ...and the proxy accepts the registry's server certificate.
        verify(proxy, "ca.crt", registry, "sslserver", at);
      }
    }
    // A third run finds the renewed certificates good and keeps everything.
    PkiManager.Outcome third = ensure(later.plus(Duration.ofDays(1)), readBack());
    assertTrue(third.changes().stream().allMatch(c -> c.action() == PkiChange.Action.KEEP));
  }

  @Test
  void aCaPastHalfItsLifeIsPublishedInEveryStoredBundleBeforeItSigns() throws Exception {
    store(ensure(T0, Optional.empty()).pki());
    store(ensure(T0.plus(Duration.ofDays(1700)), readBack()).pki()); // leaves renewed yearly
    List<Secret> installed = secrets();
    String oldCa = data(secret(TlsSecrets.CA), "tls.crt");

    Instant half = T0.plus(Duration.ofDays(1830));
    PkiManager.Outcome publish = ensure(half, readBack());
    assertEquals(PkiChange.Action.PUBLISH, publish.changes().get(0).action());
    store(publish.pki());
    List<Secret> published = secrets();
    String newCa = data(secret(TlsSecrets.CA), "next.crt");
    for (Secret s : published) {
      String bundle = data(s, "ca.crt");
      assertTrue(
          bundle.contains(oldCa) && bundle.contains(newCa),
          s.getMetadata().getName() + "'s ca.crt must hold the old and the new CA: " + bundle);
    }
    assertEquals(
        half.toString(),
        secret(TlsSecrets.CA).getMetadata().getAnnotations().get(TlsSecrets.NEXT_PUBLISHED));
    allPairingsAgree(installed, published, half);

    // Too early: the stored Secrets stay as they are.
    PkiManager.Outcome early = ensure(half.plus(Duration.ofMinutes(9)), readBack());
    assertEquals(PkiChange.Action.KEEP, early.changes().get(0).action());
    assertEquals(publish.pki().fingerprints(), early.pki().fingerprints());

    Instant later = half.plus(Duration.ofMinutes(10));
    PkiManager.Outcome switched = ensure(later, readBack());
    assertEquals(PkiChange.Action.SWITCH, switched.changes().get(0).action());
    store(switched.pki());
    List<Secret> after = secrets();
    assertEquals(newCa, data(secret(TlsSecrets.CA), "tls.crt"));
    assertEquals(null, secret(TlsSecrets.CA).getData().get("next.key"));
    for (Secret s : after) {
      String bundle = data(s, "ca.crt");
      assertTrue(
          bundle.contains(oldCa) && bundle.contains(newCa),
          s.getMetadata().getName() + "'s ca.crt must still hold the old CA: " + bundle);
    }
    allPairingsAgree(published, after, later.getEpochSecond());
  }

  private void allPairingsAgree(List<Secret> before, List<Secret> now, Instant at)
      throws Exception {
    allPairingsAgree(before, now, at.getEpochSecond());
  }

  /** openssl: every registry Secret of either moment with every proxy Secret of either moment. */
  private void allPairingsAgree(List<Secret> before, List<Secret> now, long at) throws Exception {
    for (Secret registry : List.of(before.get(1), now.get(1))) {
      for (Secret proxy : List.of(before.get(2), now.get(2))) {
        verify(registry, "ca.crt", proxy, "sslclient", at);
        verify(proxy, "ca.crt", registry, "sslserver", at);
      }
    }
  }

  private List<Secret> secrets() {
    return List.of(secret(TlsSecrets.CA), secret(TlsSecrets.REGISTRY), secret(TlsSecrets.PROXY));
  }

  private static PkiManager.Outcome ensure(Instant t, Optional<RegistryPki> existing) {
    return new PkiManager(Clock.fixed(t, ZoneOffset.UTC)).ensure(existing, OPTIONS);
  }

  private void store(RegistryPki pki) {
    for (Secret s : TlsSecrets.of(pki, NS)) {
      client.secrets().inNamespace(NS).resource(s).createOr(r -> r.update());
    }
  }

  private Optional<RegistryPki> readBack() {
    return TlsSecrets.read(
        secret(TlsSecrets.CA), secret(TlsSecrets.REGISTRY), secret(TlsSecrets.PROXY), false);
  }

  private Secret secret(String name) {
    return client.secrets().inNamespace(NS).withName(name).get();
  }

  private static String data(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** openssl verify of {@code leaf}'s tls.crt against {@code trust}'s CA file, at {@code at}. */
  private void verify(Secret trust, String caKey, Secret leaf, String purpose, long at)
      throws Exception {
    Path ca = Files.writeString(Files.createTempFile(dir, "ca", ".crt"), data(trust, caKey));
    Path cert = Files.writeString(Files.createTempFile(dir, "leaf", ".crt"), data(leaf, "tls.crt"));
    Command.Result r =
        Command.run(
            "openssl",
            "verify",
            "-attime",
            String.valueOf(at),
            "-purpose",
            purpose,
            "-CAfile",
            ca.toString(),
            cert.toString());
    assertEquals(
        0,
        r.exitCode(),
        trust.getMetadata().getName() + " refuses " + leaf.getMetadata().getName() + ": " + r);
  }
}
