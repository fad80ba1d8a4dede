package io.airlock.core.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.distribution.Credentials;
import io.airlock.core.oci.Json;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.DockerRegistry;
import io.airlock.core.testing.OpensslCa;
import io.airlock.core.testing.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bearer token flow against a real docker-registry configured for token auth: the token realm
 * is a small issuer in this test (RS256 JWTs with an x5c chain, key and certificate made by
 * openssl), the registry verifies every token itself.
 */
class BearerTokenTest {

  static final Credentials USER = new Credentials("deployer", "token-pass");
  static final String SERVICE = "airlock-test-registry";
  static final String ISSUER = "airlock-test-issuer";

  @TempDir static Path dir;
  static HttpServer tokens;
  static DockerRegistry registry;
  static Bundle bundle;
  static final List<String> scopeRequests = new CopyOnWriteArrayList<>();
  static PrivateKey key;
  static X509Certificate cert;

  @BeforeAll
  static void start() throws Exception {
    Path keyFile = dir.resolve("token.key");
    Path certFile = dir.resolve("token.pem");
    OpensslCa.selfSigned(certFile, keyFile, "rsa:2048", 2, "/CN=" + ISSUER);
    String pem =
        Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    try (InputStream in = Files.newInputStream(certFile)) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    tokens = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    tokens.createContext("/token", BearerTokenTest::issue);
    tokens.start();
    registry =
        DockerRegistry.start(
            List.of(
                "auth:",
                "  token:",
                "    realm: http://127.0.0.1:" + tokens.getAddress().getPort() + "/token",
                "    service: " + SERVICE,
                "    issuer: " + ISSUER,
                "    rootcertbundle: " + certFile));
    // Three images: the third shares a base layer with the first, so it is mounted across
    // repositories.
    bundle =
        PushFixtures.sample(
            dir.resolve("bundle"),
            new SampleBundle.Options(3, 60_000, SampleBundle.Layout.OCI_LAYOUT, 4));
  }

  @AfterAll
  static void stop() {
    registry.close();
    tokens.stop(0);
  }

  /**
   * Grants what is asked to the right user, nothing to anonymous callers, 401 to a wrong password.
   */
  private static void issue(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    boolean authenticated = false;
    if (auth != null) {
      String userPass =
          new String(
              Base64.getDecoder().decode(auth.substring("Basic ".length())),
              StandardCharsets.UTF_8);
      if (!userPass.equals(USER.username() + ":" + USER.password())) {
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
        return;
      }
      authenticated = true;
    }
    List<String> scopes = new ArrayList<>();
    String query = exchange.getRequestURI().getRawQuery();
    for (String param : query == null ? new String[0] : query.split("&")) {
      if (param.startsWith("scope=")) {
        scopes.add(URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8));
      }
    }
    scopeRequests.add(String.join(" ", scopes));
    try {
      byte[] body =
          Json.MAPPER.writeValueAsBytes(
              Json.MAPPER
                  .createObjectNode()
                  .put("token", jwt(authenticated ? scopes : List.of()))
                  .put("expires_in", 300));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (Exception e) {
      throw new IOException(e);
    } finally {
      exchange.close();
    }
  }

  private static String jwt(List<String> scopes) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    ObjectNode header = Json.MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT");
    header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
    long now = System.currentTimeMillis() / 1000;
    ObjectNode claims =
        Json.MAPPER
            .createObjectNode()
            .put("iss", ISSUER)
            .put("sub", USER.username())
            .put("aud", SERVICE)
            .put("exp", now + 300)
            .put("nbf", now - 10)
            .put("iat", now)
            .put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    for (String scope : scopes) {
      String[] parts = scope.split(":");
      ObjectNode a = access.addObject().put("type", parts[0]).put("name", parts[1]);
      ArrayNode actions = a.putArray("actions");
      for (String action : parts[2].split(",")) {
        actions.add(action);
      }
    }
    String signingInput =
        b64.encodeToString(Json.MAPPER.writeValueAsBytes(header))
            + "."
            + b64.encodeToString(Json.MAPPER.writeValueAsBytes(claims));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64.encodeToString(s.sign());
  }

  private PushOptions options(String prefix, Credentials credentials) {
    return PushFixtures.options(registry.host(), prefix, dir.resolve("state")).toBuilder()
        .credentials(credentials)
        .only(List.of("*/airlock-samples/*"))
        .build();
  }

  @Test
  void pushesWithTokensAndMountsAcrossRepositories() throws Exception {
    PushReport r =
        PushFixtures.push(bundle, options("tok", USER), dir.resolve("work"), ProgressListener.NONE);
    assertTrue(r.blobsMounted() > 0, "mounted " + r.blobsMounted());
    for (BundleImage image : bundle.images()) {
      assertEquals(
          image.digest(),
          Skopeo.pushedDigest(
              registry.host(),
              "tok",
              image.ref(),
              "--tls-verify=false",
              "--creds",
              USER.username() + ":" + USER.password()));
    }
    assertTrue(
        scopeRequests.stream().anyMatch(s -> s.matches(".*repository:tok/[^ ]+:pull,push.*")),
        scopeRequests.toString());
    assertTrue(
        scopeRequests.stream()
            .anyMatch(
                s -> s.contains(":pull,push") && s.matches(".*repository:tok/[^ ]+:pull( .*|$)")),
        "a mount asks for pull on the source repository: " + scopeRequests);
  }

  @Test
  void withoutCredentialsTheRegistryRefuses() {
    RemoteFailureException e =
        PushFixtures.pushRefused(bundle, options("anon", null), dir.resolve("work"));
    assertTrue(e.getMessage().contains("refused access (HTTP 401"), e.getMessage());
    assertTrue(e.hint().orElseThrow().contains("docker login"), e.hint().toString());
  }

  @Test
  void aWrongPasswordIsRefusedByTheTokenService() {
    RemoteFailureException e =
        PushFixtures.pushRefused(
            bundle, options("bad", new Credentials(USER.username(), "nope")), dir.resolve("work"));
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertTrue(e.getMessage().contains("token"), e.getMessage());
    assertTrue(
        e.hint().orElseThrow().startsWith("Check the registry's user name and password"),
        e.hint().toString());
  }
}
