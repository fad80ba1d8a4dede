package io.airlock.installer.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * GETs from what runs on the lab's node: a new hostPort or NodePort rule takes kube-proxy or the
 * CNI plugin a moment, so a refused or unanswered request is tried again for up to 30 s.
 */
public final class LabHttp {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private LabHttp() {}

  /** The body of the first 200 answer from {@code url}. */
  public static String get(String url) {
    Instant deadline = Instant.now().plusSeconds(30);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r.body();
        }
        last = "HTTP " + r.statusCode() + ": " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      KubeLab.pause(300);
    }
    throw new AssertionError("GET " + url + " did not answer 200 in 30 s: " + last);
  }
}
