package io.airlock.core.distribution;

import io.airlock.core.Pause;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * Sends one request to a registry: authorises it (answering a 401 challenge once), retries
 * idempotent requests on connection errors, 429 and 5xx with backoff, and treats a request that
 * makes no progress for the stall timeout as a broken connection.
 */
final class Transport {

  /**
   * One request.
   *
   * @param scopes token scopes it needs, e.g. {@code repository:x:pull,push}
   * @param action what it does, for messages: "upload blob sha256:... to host/repo"
   * @param idempotent true when sending it twice does no harm, so it may be retried here
   */
  record Call(
      String method,
      URI uri,
      Map<String, String> headers,
      @Nullable UploadBody body,
      Set<String> scopes,
      String action,
      boolean idempotent) {

    /** A request without headers or body that is safe to send again. */
    static Call of(String method, URI uri, Set<String> scopes, String action) {
      return new Call(method, uri, Map.of(), null, scopes, action, true);
    }
  }

  /** The status, headers and (small) body of an answer. */
  record Response(int status, HttpHeaders headers, byte[] body, URI uri) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    List<RegistryError> errors() {
      return RegistryError.parse(body);
    }
  }

  private static final long POLL_MILLIS = 250;

  /**
   * The largest answer a call takes by default: manifests are at most 4 MiB (the size the
   * distribution spec asks registries to accept), error bodies far less. A registry that sends more
   * is broken or hostile and must not fill the heap.
   */
  static final long MAX_ANSWER = 4L << 20;

  private final HttpClient http;
  private final Authenticator auth;
  private final RetryPolicy policy;
  private final RetryListener listener;

  Transport(HttpClient http, Authenticator auth, RetryPolicy policy, RetryListener listener) {
    this.http = http;
    this.auth = auth;
    this.policy = policy;
    this.listener = listener;
  }

  RetryPolicy policy() {
    return policy;
  }

  RetryListener listener() {
    return listener;
  }

  /**
   * Sends the call once, without credentials and without retrying: for following a registry's
   * redirect to another server (a storage service), which must never see the registry's token.
   */
  Response sendWithoutCredentials(Call call, long maxAnswer)
      throws RegistryFailure, InterruptedException {
    return sendOnce(call, Optional.empty(), maxAnswer);
  }

  /**
   * Sends the call and returns the registry's answer, whatever its status, except that 401 after
   * authenticating becomes a failure, and retryable failures of idempotent calls are retried.
   */
  Response send(Call call) throws RegistryFailure, InterruptedException {
    return send(call, MAX_ANSWER);
  }

  /** {@link #send(Call)}, taking an answer body of at most {@code maxAnswer} bytes. */
  Response send(Call call, long maxAnswer) throws RegistryFailure, InterruptedException {
    int attempt = 0;
    while (true) {
      attempt++;
      Response response;
      try {
        response = sendAuthorized(call, maxAnswer);
      } catch (RegistryFailure f) {
        if (call.idempotent() && isRetryable(f) && attempt <= policy.retries()) {
          pause(call.action(), attempt, Optional.empty(), f.getMessage());
          continue;
        }
        throw f;
      }
      if (call.idempotent()
          && RetryPolicy.isRetryableStatus(response.status())
          && attempt <= policy.retries()) {
        pause(
            call.action(),
            attempt,
            response.header("Retry-After"),
            "HTTP " + response.status() + describeErrors(response));
        continue;
      }
      return response;
    }
  }

  /** Waits before retry {@code attempt}, telling the listener. */
  void pause(String action, int attempt, Optional<String> retryAfter, String reason)
      throws InterruptedException {
    Duration delay = policy.delay(attempt, retryAfter);
    listener.retrying(action, attempt, policy.retries(), delay, reason);
    Pause.of(delay);
  }

  static boolean isRetryable(RegistryFailure f) {
    return f.kind() == RegistryFailure.Kind.CONNECTION || (f.kind() == RegistryFailure.Kind.SERVER);
  }

  private Response sendAuthorized(Call call, long maxAnswer)
      throws RegistryFailure, InterruptedException {
    String challengeScopes = null;
    for (int round = 0; ; round++) {
      Optional<String> authorization = auth.header(call.scopes(), challengeScopes);
      Response response = sendOnce(call, authorization, maxAnswer);
      if (response.status() != 401) {
        return response;
      }
      String header = response.header("WWW-Authenticate").orElse(null);
      if (round > 0 || header == null) {
        throw new RegistryFailure(
            RegistryFailure.Kind.UNAUTHORIZED,
            call.action(),
            401,
            response.errors(),
            auth.hasCredentials()
                ? "the registry refused the credentials"
                : "the registry wants credentials and none were given",
            null);
      }
      auth.onChallenge(header);
      auth.invalidate(call.scopes());
      challengeScopes = AuthChallenge.parse(header).flatMap(c -> c.param("scope")).orElse(null);
    }
  }

  private Response sendOnce(Call call, Optional<String> authorization, long maxAnswer)
      throws RegistryFailure, InterruptedException {
    AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri());
    call.headers().forEach(builder::header);
    authorization.ifPresent(a -> builder.header("Authorization", a));
    if (call.body() == null) {
      builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
    } else if (call.body().length() == 0) {
      builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      UploadBody body = call.body();
      builder.method(
          call.method(),
          HttpRequest.BodyPublishers.fromPublisher(
              new LargeBufferPublisher(() -> new ActivityStream(open(body), lastActivity)),
              body.length()));
    }
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(builder.build(), LimitedBody.handler(maxAnswer));
    long stallNanos = policy.stallTimeout().toNanos();
    try {
      while (true) {
        try {
          HttpResponse<byte[]> r = future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
          return new Response(r.statusCode(), r.headers(), r.body(), r.uri());
        } catch (TimeoutException e) {
          if (System.nanoTime() - lastActivity.get() > stallNanos) {
            future.cancel(true);
            throw new RegistryFailure(
                RegistryFailure.Kind.CONNECTION,
                call.action(),
                0,
                List.of(),
                "the registry stopped responding (no progress for "
                    + policy.stallTimeout().toSeconds()
                    + " s)",
                null);
          }
        }
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw classify(call.action(), Objects.requireNonNull(e.getCause()));
    }
  }

  private static InputStream open(UploadBody body) throws IOException {
    try {
      return body.open();
    } catch (SourceException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceException(e.getMessage(), e);
    }
  }

  /** Turns a transport exception into a failure that says what happened. */
  static RegistryFailure classify(String action, Throwable t) {
    Throwable root = t;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SourceException source) {
        return new RegistryFailure(
            RegistryFailure.Kind.SOURCE, action, 0, List.of(), source.getMessage(), source);
      }
      root = c;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof LimitedBody.TooLargeException tooLarge) {
        return new RegistryFailure(
            RegistryFailure.Kind.PROTOCOL, action, 0, List.of(), tooLarge.getMessage(), t);
      }
      if (c instanceof SSLHandshakeException || c instanceof SSLException) {
        return new RegistryFailure(RegistryFailure.Kind.TLS, action, 0, List.of(), tlsDetail(c), t);
      }
      if (c instanceof UnknownHostException) {
        return new RegistryFailure(
            RegistryFailure.Kind.CONNECTION,
            action,
            0,
            List.of(),
            "unknown host " + c.getMessage(),
            t);
      }
      if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException) {
        return new RegistryFailure(
            RegistryFailure.Kind.CONNECTION, action, 0, List.of(), "connection refused", t);
      }
      if (c instanceof HttpTimeoutException) {
        return new RegistryFailure(
            RegistryFailure.Kind.CONNECTION, action, 0, List.of(), "timed out", t);
      }
    }
    String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return new RegistryFailure(
        RegistryFailure.Kind.CONNECTION, action, 0, List.of(), "connection failed: " + detail, t);
  }

  private static String tlsDetail(Throwable c) {
    String m = String.valueOf(c.getMessage());
    if (m.contains("PKIX") || m.contains("certification path")) {
      return "the registry's TLS certificate is not trusted (" + m + ")";
    }
    if (m.contains("plaintext") || m.contains("Unsupported or unrecognized SSL message")) {
      return "the registry does not speak TLS; it may be a plain-HTTP registry (" + m + ")";
    }
    return "TLS handshake failed: " + m;
  }

  private static String describeErrors(Response r) {
    List<RegistryError> errors = r.errors();
    return errors.isEmpty() ? "" : " " + errors.get(0);
  }

  /** Marks the request alive each time the HTTP client pulls body bytes. */
  private static final class ActivityStream extends InputStream {
    private final InputStream in;
    private final AtomicLong lastActivity;

    ActivityStream(InputStream in, AtomicLong lastActivity) {
      this.in = in;
      this.lastActivity = lastActivity;
    }

    @Override
    public int read() throws IOException {
      lastActivity.set(System.nanoTime());
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      lastActivity.set(System.nanoTime());
      int n = in.read(b, off, len);
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted");
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
