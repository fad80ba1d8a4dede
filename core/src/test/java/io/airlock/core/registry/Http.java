package io.airlock.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for registry tests: one request, the whole answer. */
final class Http {

  private final HttpClient client;
  private final String base;
  private String authorization;

  Http(String base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  Http(String base, HttpClient client) {
    this.base = base;
    this.client = client;
  }

  Http withBasicAuth(String user, String password) {
    Http h = new Http(base, client);
    h.authorization =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return h;
  }

  /** A response, with its body read whole. */
  record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return Json.parse(body);
    }

    /** The spec error codes of an error body. */
    List<String> errorCodes() {
      List<String> codes = new ArrayList<>();
      json().path("errors").forEach(e -> codes.add(e.path("code").asText()));
      return codes;
    }
  }

  Response send(String method, String pathAndQuery, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery))
            .timeout(Duration.ofMinutes(2))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + pathAndQuery + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  Response get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  Response head(String path, String... headers) {
    return send("HEAD", path, null, headers);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response post(String path, byte[] body, String... headers) {
    return send("POST", path, body, headers);
  }

  Response put(String path, byte[] body, String... headers) {
    return send("PUT", path, body, headers);
  }

  Response patch(String path, byte[] body, String... headers) {
    return send("PATCH", path, body, headers);
  }

  /** The path (and query) of a Location header, relative to the registry. */
  static String relative(String location) {
    URI u = URI.create(location);
    return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  /** Appends a query parameter to a location that may already have some. */
  static String withParam(String location, String name, String value) {
    String rel = relative(location);
    return rel + (rel.contains("?") ? "&" : "?") + name + "=" + value;
  }
}
