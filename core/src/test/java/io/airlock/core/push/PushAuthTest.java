package io.airlock.core.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.Setting;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.distribution.CredentialStore;
import io.airlock.core.distribution.Credentials;
import io.airlock.core.distribution.RegistryEndpoint;
import io.airlock.core.distribution.TlsSettings;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.OpensslCa;
import io.airlock.core.testing.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry with TLS (certificates made here with openssl) and htpasswd auth (bcrypt, made with
 * apache2-utils' htpasswd): what works, and what each mistake says.
 */
class PushAuthTest {

  static final Credentials GOOD = new Credentials("airlock", "s3cret-pass");

  @TempDir static Path dir;
  @AutoClose static DockerRegistry registry;
  static Bundle bundle;
  static Path ca;

  @BeforeAll
  static void start() throws Exception {
    Path tls = Files.createDirectories(dir.resolve("tls"));
    OpensslCa authority = OpensslCa.create(tls, "push");
    ca = authority.certificate();
    OpensslCa.Pair server = authority.server("registry", "IP:127.0.0.1,DNS:localhost");
    Path htpasswd = dir.resolve("htpasswd");
    Files.write(
        htpasswd, Command.ok("htpasswd", "-Bbn", GOOD.username(), GOOD.password()).stdout());
    registry =
        DockerRegistry.start(
            List.of(
                "  tls:",
                "    certificate: " + server.cert(),
                "    key: " + server.key(),
                "auth:",
                "  htpasswd:",
                "    realm: airlock-test",
                "    path: " + htpasswd));
    bundle =
        PushFixtures.sample(
            dir.resolve("bundle"),
            new SampleBundle.Options(1, 50_000, SampleBundle.Layout.OCI_LAYOUT, 2));
  }

  private PushOptions tlsOptions(String prefix, TlsSettings tls, Credentials credentials) {
    return new PushOptions(
        new PushTarget(registry.host(), prefix),
        false,
        false,
        tls,
        credentials,
        6,
        PushFixtures.FAST,
        List.of("docker.io/*"),
        true,
        PushOptions.DEFAULT_CHUNK_SIZE,
        dir.resolve("state"));
  }

  private void assertPushed(String prefix) {
    BundleImage image = bundle.images().get(0);
    assertEquals(
        image.digest(),
        Skopeo.pushedDigest(
            registry.host(),
            prefix,
            image.ref(),
            "--tls-verify=false",
            "--creds",
            GOOD.username() + ":" + GOOD.password()));
  }

  private PushReport push(PushOptions options) throws Exception {
    return PushFixtures.push(bundle, options, dir.resolve("work"), ProgressListener.NONE);
  }

  @Test
  void anUnknownCertificateSuggestsTheCaFile() {
    RemoteFailureException e =
        assertThrows(
            RemoteFailureException.class,
            () -> push(tlsOptions("a", TlsSettings.defaults(), GOOD)));
    assertTrue(
        e.getMessage().startsWith("TLS with the registry " + registry.host() + " failed"),
        e.getMessage());
    assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
    assertTrue(e.settings().contains(Setting.CA_FILE), e.hint().toString());
  }

  @Test
  void withTheCaButNoCredentialsTheRegistrySays401() {
    RemoteFailureException e =
        assertThrows(
            RemoteFailureException.class,
            () -> push(tlsOptions("b", new TlsSettings(ca, false), null)));
    assertTrue(e.getMessage().contains("refused access (HTTP 401"), e.getMessage());
    assertEquals(List.of(Setting.CREDENTIALS), e.settings(), e.hint().toString());
  }

  @Test
  void aWrongPasswordIsNamedAsSuch() {
    RemoteFailureException e =
        assertThrows(
            RemoteFailureException.class,
            () ->
                push(
                    tlsOptions(
                        "c", new TlsSettings(ca, false), new Credentials("airlock", "wrong"))));
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertTrue(
        e.hint().orElseThrow().startsWith("Check the registry's user name and password"),
        e.hint().toString());
    assertFalse(e.getMessage().contains("wrong"), "the password never shows");
  }

  @Test
  void theRightCredentialsOverVerifiedTlsPush() throws Exception {
    PushReport r = push(tlsOptions("d", new TlsSettings(ca, false), GOOD));
    assertTrue(r.verified());
    assertPushed("d");
  }

  @Test
  void skippingVerificationWorksWhenAskedFor() throws Exception {
    push(tlsOptions("e", new TlsSettings(null, true), GOOD));
    assertPushed("e");
  }

  @Test
  void credentialsComeFromTheAuthFile() throws Exception {
    Path auth = dir.resolve("auth.json");
    String token =
        Base64.getEncoder()
            .encodeToString(
                (GOOD.username() + ":" + GOOD.password()).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        auth, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + token + "\"}}}");
    CredentialStore store =
        new CredentialStore(Map.of("REGISTRY_AUTH_FILE", auth.toString()), dir.resolve("home"));
    Credentials found = store.lookup(registry.host()).orElseThrow();
    assertEquals(GOOD, found);
    assertFalse(found.toString().contains(GOOD.password()));
    assertTrue(store.lookup("other.example:5000").isEmpty());
    push(tlsOptions("f", new TlsSettings(ca, false), found));
    assertPushed("f");
  }

  @Test
  void credentialsNeverCrossPlainHttpToAnotherMachine() throws Exception {
    assertTrue(new RegistryEndpoint("127.0.0.1:5000", true).mayCarryCredentials());
    assertTrue(new RegistryEndpoint("localhost:5000", true).mayCarryCredentials());
    assertTrue(new RegistryEndpoint("[::1]:5000", true).mayCarryCredentials());
    assertFalse(new RegistryEndpoint("10.1.2.3:5000", true).mayCarryCredentials());
    assertFalse(new RegistryEndpoint("registry.example:5000", true).mayCarryCredentials());
    assertTrue(new RegistryEndpoint("10.1.2.3:5000", false).mayCarryCredentials());
    assertThrows(BadInputException.class, () -> PushTarget.parse("https://x:5000"));
  }
}
