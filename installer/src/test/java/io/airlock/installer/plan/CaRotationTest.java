package io.airlock.installer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.airlock.installer.pki.IssuedCertificate;
import io.airlock.installer.pki.PkiChange;
import io.airlock.installer.pki.PkiManager;
import io.airlock.installer.pki.PkiOptions;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.pki.SubjectNames;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The registry CA replaced over a series of runs with a fixed clock (new install, CA at half life,
 * an early re-run, the switch, the old CA's expiry), each run's certificates going through the TLS
 * Secrets as a cluster stores them. At every step, whichever Secret files a pod holds, the one of
 * the step before or the new one, the registry accepts every proxy's client certificate and every
 * proxy accepts the registry's server certificate (the JDK's PKIX validator at that moment).
 */
class CaRotationTest {

  static final String NS = "airlock-system";
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final PkiOptions OPTIONS =
      PkiOptions.defaults(SubjectNames.forService("airlock-registry", NS, List.of()));
  static final Duration WAIT = Duration.ofMinutes(10);

  /** The Secrets as the cluster holds them, by name. */
  final Map<String, Secret> cluster = new HashMap<>();

  @Test
  void theCaIsReplacedWithoutAMomentWhereOldAndNewFilesDisagree() throws Exception {
    // New installation.
    Step install = run(T0, null);
    assertActions(install, "create", "create", "create");
    assertFalse(install.changes().get(0).rotation(), "nothing to report beside the plan");
    IssuedCertificate oldCa = install.pki().authority();

    // Leaves renewed in the fifth year, the CA kept.
    Step leaves = run(T0.plus(Duration.ofDays(1700)), install);
    assertActions(leaves, "keep", "renew", "renew");

    // Past half the CA's life: a new CA is published; the old one keeps signing.
    Instant half = T0.plus(Duration.ofDays(1830));
    Step publish = run(half, leaves);
    assertActions(publish, "publish", "keep", "keep");
    assertTrue(publish.changes().get(0).rotation(), "the report says a CA was published");
    IssuedCertificate newCa = publish.pki().rollover().next();
    assertEquals(oldCa, publish.pki().authority());
    assertEquals(Set.of(oldCa.certificate(), newCa.certificate()), trusted(TlsSecrets.REGISTRY));
    assertEquals(Set.of(oldCa.certificate(), newCa.certificate()), trusted(TlsSecrets.PROXY));
    assertEquals(Set.of(oldCa.certificate(), newCa.certificate()), trusted(TlsSecrets.CA));
    assertTrue(
        publish.changes().get(0).reason().contains("switches to it")
            && publish.changes().get(0).reason().contains(half.plus(WAIT).toString()),
        publish.changes().get(0).toString());
    assertEquals(half.toString(), annotation(TlsSecrets.CA, TlsSecrets.NEXT_PUBLISHED));
    Secret shown = (Secret) PlanOutput.redacted(cluster.get(TlsSecrets.CA));
    assertEquals("", shown.getData().get("next.key"), "the plan output shows the new CA's key");
    // The leaves were kept, but their Secrets change: the bundles grew.
    assertNotEquals(data(leaves.secrets().get(1), "ca.crt"), data(TlsSecrets.REGISTRY, "ca.crt"));
    assertEquals(data(leaves.secrets().get(1), "tls.crt"), data(TlsSecrets.REGISTRY, "tls.crt"));

    // Five minutes on, not every pod may have the bundles yet: nothing changes, the plan says when.
    Step early = run(half.plus(Duration.ofMinutes(5)), publish);
    assertActions(early, "keep", "keep", "keep");
    assertTrue(
        early.changes().get(0).reason().contains(half.plus(WAIT).toString()),
        early.changes().get(0).reason());
    assertEquals(publish.pki().fingerprints(), early.pki().fingerprints());
    for (int i = 0; i < 3; i++) {
      assertTrue(
          TlsSecrets.unchanged(publish.secrets().get(i), early.secrets().get(i)),
          "the early re-run rewrote " + publish.secrets().get(i).getMetadata().getName());
    }

    // After the minimum age: the new CA signs, the leaves are re-issued from it, the old CA stays
    // trusted (certificate only) until it expires.
    Instant switchAt = half.plus(WAIT).plus(Duration.ofMinutes(1));
    Step switched = run(switchAt, early);
    assertActions(switched, "switch", "renew", "renew");
    assertEquals(newCa, switched.pki().authority());
    assertTrue(
        switched.changes().get(0).reason().contains("still trusted until " + oldCa.notAfter()),
        switched.changes().get(0).reason());
    assertEquals(
        "its CA switched to the one published " + half, switched.changes().get(1).reason());
    assertEquals(Set.of(oldCa.certificate(), newCa.certificate()), trusted(TlsSecrets.REGISTRY));
    assertEquals(Set.of(oldCa.certificate(), newCa.certificate()), trusted(TlsSecrets.PROXY));
    assertFalse(cluster.get(TlsSecrets.CA).getData().containsKey("next.key"));
    String oldKey = oldCa.privateKeyPem();
    for (Secret s : cluster.values()) {
      for (String v : s.getData().values()) {
        assertFalse(data(v).contains(oldKey), s.getMetadata().getName() + " keeps the old CA key");
      }
    }
    verifiesWith(switched.pki().server().certificate(), List.of(newCa.certificate()));

    // A run in between: the old CA is still trusted and the plan says until when.
    Step between = run(switchAt.plus(Duration.ofDays(100)), switched);
    assertActions(between, "keep", "keep", "keep");
    assertTrue(between.changes().get(0).rotation(), "the report says the old CA is still trusted");
    assertTrue(
        between.changes().get(0).reason().contains("still trusted until " + oldCa.notAfter()),
        between.changes().get(0).reason());

    // The last run before the old CA expires renews the leaves, from the new CA.
    Step beforeExpiry = run(oldCa.notAfter().minus(Duration.ofDays(1)), between);
    assertActions(beforeExpiry, "keep", "renew", "renew");

    // Once the old CA expired it leaves the bundles; the kept leaves' Secrets change with them.
    Step expired = run(oldCa.notAfter().plus(Duration.ofDays(1)), beforeExpiry);
    assertActions(expired, "keep", "keep", "keep");
    assertTrue(
        expired.changes().get(0).reason().contains("expired on " + oldCa.notAfter()),
        expired.changes().get(0).reason());
    assertEquals(Set.of(newCa.certificate()), trusted(TlsSecrets.REGISTRY));
    assertEquals(Set.of(newCa.certificate()), trusted(TlsSecrets.PROXY));
    assertFalse(
        TlsSecrets.unchanged(expired.secrets().get(1), beforeExpiry.secrets().get(1)),
        "the registry's bundle must drop the expired CA");
  }

  @Test
  void aPublishedCaWithoutItsTimeIsPublishedAgainAndWaits() throws Exception {
    Step install = run(T0, null);
    Instant half = T0.plus(Duration.ofDays(1830));
    Step publish = run(half, install);
    cluster.get(TlsSecrets.CA).getMetadata().getAnnotations().remove(TlsSecrets.NEXT_PUBLISHED);
    Instant later = half.plus(Duration.ofDays(30));
    Step again = run(later, publish);
    assertActions(again, "publish", "keep", "keep");
    assertEquals(later.toString(), annotation(TlsSecrets.CA, TlsSecrets.NEXT_PUBLISHED));
    assertEquals(publish.pki().rollover().next(), again.pki().rollover().next());
  }

  @Test
  void anExpiredCaIsReplacedAtOnceForThereIsNothingToOverlapWith() throws Exception {
    Step install = run(T0, null);
    // The old files are useless by then (their CA expired); only the new ones must agree.
    Step late = run(T0.plus(Duration.ofDays(3700)), install, false);
    assertActions(late, "renew", "renew", "renew");
    assertTrue(late.changes().get(0).reason().contains("no overlap"), late.changes().toString());
  }

  /** One run's outcome and the Secrets it wrote. */
  record Step(Instant at, RegistryPki pki, List<PkiChange> changes, List<Secret> secrets) {}

  /**
   * Plans the certificates at {@code at} from what the cluster holds, stores them, and checks that
   * every combination of this step's and the previous step's files accepts each other.
   */
  private Step run(Instant at, Step before) throws Exception {
    return run(at, before, true);
  }

  private Step run(Instant at, Step before, boolean overlap) throws Exception {
    Optional<RegistryPki> existing =
        cluster.isEmpty()
            ? Optional.empty()
            : TlsSecrets.read(
                cluster.get(TlsSecrets.CA),
                cluster.get(TlsSecrets.REGISTRY),
                cluster.get(TlsSecrets.PROXY),
                false);
    assertEquals(before != null, existing.isPresent(), "the stored PKI is readable");
    PkiManager.Outcome o =
        new PkiManager(Clock.fixed(at, ZoneOffset.UTC)).ensure(existing, OPTIONS);
    List<Secret> secrets = TlsSecrets.of(o.pki(), NS);
    secrets.forEach(s -> cluster.put(s.getMetadata().getName(), s));
    Step step = new Step(at, o.pki(), o.changes(), secrets);
    List<Step> moment = before == null || !overlap ? List.of(step) : List.of(before, step);
    for (Step registryFiles : moment) {
      for (Step proxyFiles : moment) {
        String pairing =
            "at "
                + at
                + ", registry files of "
                + registryFiles.at()
                + ", proxy files of "
                + proxyFiles.at();
        // Each side's certificate against the other side's trust: client to registry, server to
        // proxy.
        Step[] sides = {proxyFiles, registryFiles};
        int[] leafSecret = {2, 1};
        String[] refusal = {
          "registry refuses the proxy's client certificate, ",
          "proxy refuses the registry's server certificate, "
        };
        for (int side = 0; side < 2; side++) {
          X509Certificate cert = leaf(sides[side].secrets().get(leafSecret[side]));
          Step other = sides[1 - side];
          assertAccepts(
              cert,
              bundle(other.secrets().get(leafSecret[1 - side])),
              when(cert, at, before),
              refusal[side] + pairing);
        }
      }
    }
    return step;
  }

  /**
   * When to judge {@code leaf}: now, or, for a leaf of the step before that expired in between
   * (this run renews it for that reason), the moment it was last in use. The question is trust, not
   * age.
   */
  private static Instant when(X509Certificate leaf, Instant at, Step before) {
    return at.isBefore(leaf.getNotAfter().toInstant()) ? at : before.at();
  }

  private static void assertActions(Step s, String ca, String server, String client) {
    assertEquals(
        List.of(ca, server, client),
        s.changes().stream()
            .map(c -> c.action().name().toLowerCase(java.util.Locale.ROOT))
            .toList(),
        s.changes().toString());
  }

  private static void assertAccepts(
      X509Certificate leaf, List<X509Certificate> bundle, Instant at, String what) {
    try {
      Set<TrustAnchor> anchors = new LinkedHashSet<>();
      bundle.forEach(c -> anchors.add(new TrustAnchor(c, null)));
      PKIXParameters p = new PKIXParameters(anchors);
      p.setRevocationEnabled(false);
      p.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), p);
    } catch (Exception e) {
      fail(what + ": " + e.getMessage());
    }
  }

  private static void verifiesWith(X509Certificate leaf, List<X509Certificate> only) {
    assertAccepts(leaf, only, leaf.getNotBefore().toInstant().plusSeconds(600), "signed by");
  }

  private Set<X509Certificate> trusted(String secret) {
    return new LinkedHashSet<>(bundle(cluster.get(secret)));
  }

  private String annotation(String secret, String key) {
    return cluster.get(secret).getMetadata().getAnnotations().get(key);
  }

  private String data(String secret, String key) {
    return data(cluster.get(secret).getData().get(key));
  }

  private static String data(Secret s, String key) {
    return data(s.getData().get(key));
  }

  private static String data(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  /** The ca.crt bundle as a pod reads it, parsed by the JDK from the PEM text. */
  private static List<X509Certificate> bundle(Secret s) {
    return parse(data(s, "ca.crt"));
  }

  private static X509Certificate leaf(Secret s) {
    return parse(data(s, "tls.crt")).get(0);
  }

  private static List<X509Certificate> parse(String pem) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .stream()
          .map(c -> (X509Certificate) c)
          .toList();
    } catch (Exception e) {
      throw new AssertionError("unreadable PEM: " + e.getMessage() + ": " + pem, e);
    }
  }
}
