package io.airlock.core.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Authorises requests to one registry: anonymous, Basic, or the bearer token flow (the registry
 * answers 401 with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...}; Airlock asks
 * the realm for a token covering the scopes, with its credentials when it has some). Tokens are
 * cached per set of scopes. Credentials never travel over plain HTTP to another machine.
 */
final class Authenticator {

  /** Tokens are renewed a little before the registry would refuse them. */
  private static final Duration EARLY = Duration.ofSeconds(10);

  private final RegistryEndpoint endpoint;
  private final @Nullable Credentials credentials;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private volatile @Nullable AuthChallenge challenge;

  private record Token(String value, long expiresAtNanos) {
    boolean fresh() {
      return System.nanoTime() < expiresAtNanos;
    }

    /** A bearer token is a secret: never in a log line or a message. */
    @Override
    public String toString() {
      return "Token[hidden]";
    }
  }

  Authenticator(
      RegistryEndpoint endpoint,
      @Nullable Credentials credentials,
      HttpClient http,
      Duration timeout) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.http = http;
    this.timeout = timeout;
  }

  boolean hasCredentials() {
    return credentials != null;
  }

  /** Remembers how the registry wants to be authenticated, from a 401 answer. */
  void onChallenge(String header) {
    AuthChallenge.parse(header).ifPresent(c -> challenge = c);
  }

  /** Drops cached tokens for these scopes, after the registry refused one. */
  void invalidate(Set<String> scopes) {
    tokens.remove(key(scopes));
  }

  /**
   * The Authorization header for a request needing {@code scopes}, or empty for anonymous access.
   * Fetches a token when the registry uses the token flow and none is cached.
   *
   * @param challengeScopes scopes the registry named in its last 401, added to the request
   */
  Optional<String> header(Set<String> scopes, @Nullable String challengeScopes)
      throws RegistryFailure, InterruptedException {
    AuthChallenge c = challenge;
    if (c == null) {
      return Optional.empty();
    }
    if (credentials != null) {
      requireSafeTransport();
    }
    if (c.isBasic()) {
      return credentials == null ? Optional.empty() : Optional.of(credentials.basicHeader());
    }
    Set<String> all = new TreeSet<>(scopes);
    if (challengeScopes != null) {
      for (String s : challengeScopes.split(" ")) {
        if (!s.isBlank()) {
          all.add(s);
        }
      }
    }
    String key = key(all);
    Token token = tokens.get(key);
    if (token == null || !token.fresh()) {
      token = fetchToken(c, all);
      tokens.put(key, token);
    }
    return Optional.of("Bearer " + token.value());
  }

  private Token fetchToken(AuthChallenge c, Set<String> scopes)
      throws RegistryFailure, InterruptedException {
    String realm =
        c.param("realm")
            .orElseThrow(
                () ->
                    new RegistryFailure(
                        RegistryFailure.Kind.PROTOCOL,
                        "authenticate to " + endpoint,
                        401,
                        List.of(),
                        "the registry asks for a bearer token but names no realm",
                        null));
    List<String> query = new ArrayList<>();
    c.param("service").ifPresent(s -> query.add("service=" + encode(s)));
    for (String scope : scopes) {
      query.add("scope=" + encode(scope));
    }
    if (credentials != null) {
      query.add("account=" + encode(credentials.username()));
    }
    URI uri =
        URI.create(
            realm
                + (query.isEmpty()
                    ? ""
                    : (realm.contains("?") ? "&" : "?") + String.join("&", query)));
    String action =
        "get a token from " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    if (credentials != null) {
      boolean realmLoopback =
          new RegistryEndpoint(uri.getAuthority(), !"https".equals(uri.getScheme()))
              .mayCarryCredentials();
      if (!realmLoopback) {
        throw insecure(action);
      }
      request.header("Authorization", credentials.basicHeader());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RegistryFailure(
          RegistryFailure.Kind.CONNECTION, action, 0, List.of(), String.valueOf(e.getMessage()), e);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new RegistryFailure(
          status == 401 ? RegistryFailure.Kind.UNAUTHORIZED : RegistryFailure.Kind.FORBIDDEN,
          action + " for " + String.join(" ", scopes),
          status,
          RegistryError.parse(response.body()),
          credentials == null
              ? "no credentials were given"
              : "the token service refused the credentials of " + credentials.username(),
          null);
    }
    if (status != 200) {
      throw new RegistryFailure(
          RegistryFailure.Kind.PROTOCOL,
          action,
          status,
          RegistryError.parse(response.body()),
          RegistryError.excerpt(response.body()),
          null);
    }
    JsonNode json;
    try {
      json = Json.parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new RegistryFailure(
          RegistryFailure.Kind.PROTOCOL, action, status, List.of(), "the answer is not JSON", e);
    }
    String value = json.path("token").asText(json.path("access_token").asText(""));
    if (value.isEmpty()) {
      throw new RegistryFailure(
          RegistryFailure.Kind.PROTOCOL,
          action,
          status,
          List.of(),
          "the answer holds no token",
          null);
    }
    long seconds = Math.max(60, json.path("expires_in").asLong(60));
    long expires = System.nanoTime() + Duration.ofSeconds(seconds).minus(EARLY).toNanos();
    return new Token(value, expires);
  }

  private void requireSafeTransport() throws RegistryFailure {
    if (!endpoint.mayCarryCredentials()) {
      throw insecure("authenticate to " + endpoint);
    }
  }

  private RegistryFailure insecure(String action) {
    return new RegistryFailure(
        RegistryFailure.Kind.INSECURE_CREDENTIALS,
        action,
        0,
        List.of(),
        "credentials would cross the network unencrypted (plain HTTP to another machine)",
        null);
  }

  private static String key(Set<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
