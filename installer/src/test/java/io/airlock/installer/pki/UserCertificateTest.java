package io.airlock.installer.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.FlagScan;
import io.airlock.core.testing.OpensslCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates a user brings, made here by openssl as a site's own CA would make them. */
class UserCertificateTest {

  static final String SERVICE = "airlock-registry.airlock-system.svc";
  @TempDir static Path dir;
  static Path ca;
  static Path cert;
  static Path key;
  static Path otherKey;

  @BeforeAll
  static void makeSiteCa() {
    ca = dir.resolve("site-ca.pem");
    Path caKey = dir.resolve("site-ca.key");
    cert = dir.resolve("registry.pem");
    key = dir.resolve("registry.key");
    otherKey = dir.resolve("other.key");
    OpensslCa.selfSigned(ca, caKey, "rsa:2048", 30, "/CN=Site CA");
    // A traditional (PKCS#1) RSA key, as many site CAs still hand out.
    Command.ok("openssl", "genrsa", "-traditional", "-out", key.toString(), "2048");
    Path csr = dir.resolve("registry.csr");
    OpensslCa.request(key, "/CN=registry", csr);
    Path ext = dir.resolve("ext.cnf");
    write(
        ext,
        "subjectAltName=DNS:"
            + SERVICE
            + ",DNS:registry.site.example\nextendedKeyUsage=serverAuth\n");
    OpensslCa.sign(csr, new OpensslCa.Pair(ca, caKey), ext, 20, cert);
    Command.ok(
        "openssl",
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-noout",
        "-out",
        otherKey.toString());
  }

  static void write(Path p, String s) {
    try {
      Files.writeString(p, s);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void acceptsAValidCertificateAndAirlockNeverRenewsIt() throws Exception {
    UserCertificate u = UserCertificate.load(cert, key, ca, SERVICE, Instant.now());
    assertEquals("RSA", u.certificate().privateKey().getAlgorithm());
    PkiOptions options =
        PkiOptions.defaults(
                SubjectNames.forService("airlock-registry", "airlock-system", List.of()))
            .withUserServer(u);
    PkiManager.Outcome o = new PkiManager(Clock.systemUTC()).ensure(Optional.empty(), options);
    assertEquals(PkiChange.Action.USER_SUPPLIED, o.changes().get(1).action());
    assertEquals(u.trust(), o.pki().serverTrust());
    assertTrue(o.pki().serverUserSupplied());
    // The proxy's client certificate still comes from Airlock's CA, which the registry trusts for
    // clients.
    assertTrue(
        Rotation.signedBy(o.pki().client().certificate(), o.pki().authority().certificate()));
  }

  @Test
  void refusesAKeyThatIsNotTheCertificates() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> UserCertificate.load(cert, otherKey, ca, SERVICE, Instant.now()));
    assertEquals(
        "The key in " + otherKey + " does not belong to the certificate in " + cert + ".",
        e.getMessage());
  }

  @Test
  void refusesACertificateTheGivenCaDidNotSign() throws Exception {
    Path stranger = dir.resolve("stranger-ca.pem");
    OpensslCa.selfSigned(stranger, dir.resolve("stranger.key"), OpensslCa.P256, 3, "/CN=Stranger");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> UserCertificate.load(cert, key, stranger, SERVICE, Instant.now()));
    assertTrue(
        e.getMessage().endsWith("is not signed by the CA in " + stranger + "."), e.getMessage());
  }

  @Test
  void refusesACertificateWithoutTheServiceName() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> UserCertificate.load(cert, key, ca, "airlock-registry.other.svc", Instant.now()));
    assertTrue(e.getMessage().contains("does not name airlock-registry.other.svc"), e.getMessage());
    assertTrue(e.getMessage().contains("registry.site.example"), e.getMessage());
  }

  @Test
  void refusesAnExpiredCertificate() {
    Instant later = Instant.now().plus(java.time.Duration.ofDays(25));
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> UserCertificate.load(cert, key, ca, SERVICE, later));
    assertTrue(e.getMessage().contains("expired on"), e.getMessage());
  }

  @Test
  void refusesAnEncryptedKeyAndAKeyWhereTheCertificateShouldBe() {
    Path encrypted = dir.resolve("encrypted.key");
    Command.ok(
        "openssl",
        "pkcs8",
        "-topk8",
        "-in",
        key.toString(),
        "-out",
        encrypted.toString(),
        "-passout",
        "pass:secret");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> UserCertificate.load(cert, encrypted, ca, SERVICE, Instant.now()));
    assertTrue(
        e.getMessage()
                .contains(
                    "holds a encrypted private key where an unencrypted private key was expected")
            || e.getMessage().contains("encrypted private key"),
        e.getMessage());
    BadInputException swapped =
        assertThrows(
            BadInputException.class,
            () -> UserCertificate.load(key, key, ca, SERVICE, Instant.now()));
    assertTrue(
        swapped
            .message(FlagScan::flag)
            .contains("(--tls-cert) holds a private key where a certificate was expected"),
        swapped.getMessage());
  }

  @Test
  void missingFileSaysWhichOption() {
    Path missing = dir.resolve("nope.pem");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> UserCertificate.load(cert, key, missing, SERVICE, Instant.now()));
    assertEquals("The file " + missing + " (--tls-ca) does not exist.", e.message(FlagScan::flag));
  }
}
