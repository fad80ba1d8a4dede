package io.airlock.core.distribution;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.MediaTypes;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The OCI distribution API (spec v1.1) as a push needs it, on the JDK HTTP client: blob HEAD,
 * cross-repository mount, monolithic and chunked uploads with status queries, manifest HEAD, GET
 * and PUT. Manifests go out byte for byte as given, so their digests never change. Thread-safe.
 */
public final class RegistryClient {

  /** Every manifest type Airlock pushes; a registry must not convert what it returns. */
  public static final String MANIFEST_ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_INDEX,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.DOCKER_MANIFEST);

  private final RegistryEndpoint endpoint;
  private final Transport transport;

  private RegistryClient(RegistryEndpoint endpoint, Transport transport) {
    this.endpoint = endpoint;
    this.transport = transport;
  }

  /**
   * A client for one registry.
   *
   * @param credentials user and password, or null for anonymous access
   * @param retryListener told about each retry
   */
  public static RegistryClient create(
      RegistryEndpoint endpoint,
      @Nullable Credentials credentials,
      TlsSettings tls,
      RetryPolicy policy,
      RetryListener retryListener)
      throws BadInputException {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(min(Duration.ofSeconds(30), policy.stallTimeout()));
    if (endpoint.plainHttp()) {
      builder.sslContext(LazyTlsContext.create()).sslParameters(LazyTlsContext.parameters());
    } else {
      builder.sslContext(tls.sslContext());
    }
    HttpClient http = builder.build();
    Authenticator auth = new Authenticator(endpoint, credentials, http, policy.stallTimeout());
    return new RegistryClient(endpoint, new Transport(http, auth, policy, retryListener));
  }

  public RegistryEndpoint endpoint() {
    return endpoint;
  }

  public RetryPolicy policy() {
    return transport.policy();
  }

  public RetryListener retryListener() {
    return transport.listener();
  }

  /** Scopes a push to {@code repository} needs. */
  public static Set<String> pushScope(String repository) {
    return Set.of("repository:" + repository + ":pull,push");
  }

  /**
   * Checks that the registry answers the distribution API and learns how it authenticates.
   *
   * @param repository a repository the push will write to, to get a token for it early
   */
  public void ping(String repository) throws RegistryFailure, InterruptedException {
    Transport.Response r =
        transport.send(
            Transport.Call.of(
                "GET",
                endpoint.v2(""),
                repository == null ? Set.of() : pushScope(repository),
                "reach the registry " + endpoint));
    if (r.status() != 200) {
      throw RegistryFailure.unexpected("reach the registry " + endpoint, r);
    }
  }

  // ---------------------------------------------------------------- blobs

  /** The size of the blob when {@code repository} holds it. */
  public Optional<Long> blobSize(String repository, Digest digest)
      throws RegistryFailure, InterruptedException {
    String action = "check blob " + digest + " in " + where(repository);
    Transport.Response r = transport.send(blobCall("HEAD", repository, digest, action));
    if (r.status() == 200) {
      return Optional.of(r.header("Content-Length").map(Long::parseLong).orElse(-1L));
    }
    if (r.status() == 404) {
      return Optional.empty();
    }
    throw RegistryFailure.unexpected(action, r);
  }

  /**
   * A small blob (a chart, a config) read whole into memory, when {@code repository} holds it: at
   * most {@code size} bytes are taken, and the bytes must match {@code digest}. A redirect to a
   * storage server is followed once, without the registry's credentials.
   */
  public Optional<byte[]> getSmallBlob(String repository, Digest digest, long size)
      throws RegistryFailure, InterruptedException {
    String action = "read blob " + digest + " from " + where(repository);
    Transport.Response r = transport.send(blobCall("GET", repository, digest, action), size);
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() >= 300 && r.status() < 400 && r.header("Location").isPresent()) {
      URI storage = r.uri().resolve(r.header("Location").get());
      r =
          transport.sendWithoutCredentials(
              Transport.Call.of("GET", storage, Set.of(), action), size);
    }
    if (r.status() != 200) {
      throw RegistryFailure.unexpected(action, r);
    }
    byte[] body = r.body();
    Digest got = Digest.of(digest.algorithm(), digest.algorithm().newMessageDigest().digest(body));
    if (body.length != size || !got.equals(digest)) {
      String detail =
          "the registry sent " + body.length + " bytes, digest " + got + ": not the blob";
      throw new RegistryFailure(
          RegistryFailure.Kind.PROTOCOL, action, 200, List.of(), detail, null);
    }
    return Optional.of(body);
  }

  private Transport.Call blobCall(String method, String repository, Digest digest, String action) {
    return Transport.Call.of(
        method, endpoint.v2(repository + "/blobs/" + digest), pushScope(repository), action);
  }

  /**
   * Starts an upload; when {@code mountFrom} is given, first asks the registry to link the blob
   * from that repository instead (no bytes move).
   *
   * @return empty when the mount succeeded, else the new upload session
   */
  public Optional<UploadSession> startUpload(
      String repository, @Nullable Digest mount, @Nullable String mountFrom)
      throws RegistryFailure, InterruptedException {
    String query =
        mount == null
            ? ""
            : "?mount=" + mount + "&from=" + URLEncoder.encode(mountFrom, StandardCharsets.UTF_8);
    Set<String> scopes =
        mount == null
            ? pushScope(repository)
            : Set.of(
                "repository:" + repository + ":pull,push", "repository:" + mountFrom + ":pull");
    String action =
        mount == null
            ? "start an upload to " + where(repository)
            : "mount blob " + mount + " from " + mountFrom + " into " + where(repository);
    Transport.Response r =
        transport.send(
            Transport.Call.of(
                "POST", endpoint.v2(repository + "/blobs/uploads/" + query), scopes, action));
    if (r.status() == 201 && mount != null) {
      return Optional.empty();
    }
    if (r.status() == 202) {
      return Optional.of(new UploadSession(UploadUrls.location(action, r), 0));
    }
    throw RegistryFailure.unexpected(action, r);
  }

  /**
   * Where an open upload stands, as the registry says; empty when it no longer knows the session
   * (expired, cancelled, or broken by an interrupted request).
   */
  public Optional<UploadSession> uploadStatus(String repository, URI location)
      throws RegistryFailure, InterruptedException {
    String action = "check an upload to " + where(repository);
    Transport.Response r =
        transport.send(Transport.Call.of("GET", location, pushScope(repository), action));
    if (r.status() == 204 || r.status() == 200) {
      long offset = r.header("Range").map(UploadUrls::endOfRange).orElse(0L);
      URI next = r.header("Location").isPresent() ? UploadUrls.location(action, r) : location;
      return Optional.of(new UploadSession(next, offset));
    }
    if (r.status() == 404 || r.status() == 400 || r.status() == 416) {
      return Optional.empty();
    }
    throw RegistryFailure.unexpected(action, r);
  }

  /**
   * Sends one chunk at the session's offset. Not retried here: a broken chunk may leave the session
   * in a state only a status query can tell.
   */
  public UploadSession sendChunk(
      String repository, UploadSession session, UploadBody chunk, String action)
      throws RegistryFailure, InterruptedException {
    long end = session.offset() + chunk.length() - 1;
    Transport.Response r =
        transport.send(
            new Transport.Call(
                "PATCH",
                session.location(),
                Map.of(
                    "Content-Type",
                    "application/octet-stream",
                    "Content-Range",
                    session.offset() + "-" + end),
                chunk,
                pushScope(repository),
                action,
                false));
    if (r.status() == 202 || r.status() == 204) {
      long offset =
          r.header("Range").map(UploadUrls::endOfRange).orElse(session.offset() + chunk.length());
      return new UploadSession(UploadUrls.location(action, r), offset);
    }
    throw RegistryFailure.unexpected(action, r);
  }

  /**
   * Completes an upload with {@code last} (all of a small blob, or nothing after chunks); the
   * registry checks the digest before it keeps anything.
   */
  public void completeUpload(
      String repo, UploadSession session, Digest digest, @Nullable UploadBody last, String action)
      throws RegistryFailure, InterruptedException {
    URI uri = UploadUrls.withQuery(session.location(), "digest=" + digest);
    Map<String, String> headers =
        last == null || last.length() == 0
            ? Map.of()
            : Map.of("Content-Type", "application/octet-stream");
    Transport.Response r =
        transport.send(
            new Transport.Call(
                "PUT",
                uri,
                headers,
                last,
                pushScope(repo),
                action,
                last == null || last.length() == 0));
    if (r.status() == 201 || r.status() == 204) {
      Optional<Digest> stored =
          r.header("Docker-Content-Digest").filter(Digest::isValid).map(Digest::parse);
      if (stored.isPresent() && !stored.get().equals(digest)) {
        throw new RegistryFailure(
            RegistryFailure.Kind.PROTOCOL,
            action,
            r.status(),
            List.of(),
            "the registry stored it as " + stored.get(),
            null);
      }
      return;
    }
    throw RegistryFailure.unexpected(action, r);
  }

  /** Abandons an upload; failures are ignored, the registry purges old sessions itself. */
  public void cancelUpload(String repository, URI location) throws InterruptedException {
    try {
      transport.send(
          new Transport.Call(
              "DELETE",
              location,
              Map.of(),
              null,
              pushScope(repository),
              "cancel an upload to " + where(repository),
              false));
    } catch (RegistryFailure e) {
      // Nothing more to do: the session expires on its own.
    }
  }

  // ---------------------------------------------------------------- manifests

  /** What the registry holds under {@code reference} (a tag or digest), if anything. */
  public Optional<ManifestInfo> headManifest(String repository, String reference)
      throws RegistryFailure, InterruptedException {
    return found(
        manifestCall("HEAD", "check", repository, reference, MANIFEST_ACCEPT, null),
        r ->
            new ManifestInfo(
                r.header("Docker-Content-Digest")
                    .filter(Digest::isValid)
                    .map(Digest::parse)
                    .orElse(null),
                r.header("Content-Type").orElse(""),
                r.header("Content-Length").map(Long::parseLong).orElse(-1L)));
  }

  /** The manifest bytes exactly as the registry returns them, if it has them. */
  public Optional<byte[]> getManifest(String repository, String reference, @Nullable String accept)
      throws RegistryFailure, InterruptedException {
    return found(
        manifestCall(
            "GET", "read", repository, reference, accept == null ? MANIFEST_ACCEPT : accept, null),
        Transport.Response::body);
  }

  /** What the registry said after storing a manifest. */
  public record PutResult(@Nullable Digest digest, @Nullable Digest subjectProcessed) {}

  /**
   * Stores a manifest exactly as given under {@code reference} (a tag, or its digest).
   *
   * @return the digest the registry reports, and the subject when it indexed the manifest as a
   *     referrer (the {@code OCI-Subject} header of spec v1.1)
   */
  public PutResult putManifest(String repository, String reference, String mediaType, byte[] bytes)
      throws RegistryFailure, InterruptedException {
    ManifestCall call =
        manifestCall("PUT", "push", repository, reference, mediaType, new BytesBody(bytes));
    Transport.Response r = call.response();
    if (r.status() == 201 || r.status() == 200 || r.status() == 204) {
      return new PutResult(
          digestHeader(r, "Docker-Content-Digest"), digestHeader(r, "OCI-Subject"));
    }
    throw RegistryFailure.unexpected(call.action(), r);
  }

  /** A manifest request and the words that name it in a failure. */
  private record ManifestCall(String action, Transport.Response response) {}

  /**
   * One request on {@code /v2/REPOSITORY/manifests/REFERENCE}: HEAD and GET send {@code type} as
   * Accept, PUT as the body's Content-Type.
   */
  private ManifestCall manifestCall(
      String method, String verb, String repo, String ref, String type, @Nullable UploadBody body)
      throws RegistryFailure, InterruptedException {
    String action = verb + " manifest " + where(repo) + refSuffix(ref);
    Transport.Response r =
        transport.send(
            new Transport.Call(
                method,
                endpoint.v2(repo + "/manifests/" + ref),
                Map.of(body == null ? "Accept" : "Content-Type", type),
                body,
                pushScope(repo),
                action,
                true));
    return new ManifestCall(action, r);
  }

  /** 200: what {@code read} takes from the answer; 404: nothing; anything else fails. */
  private static <T> Optional<T> found(
      ManifestCall call, java.util.function.Function<Transport.Response, T> read)
      throws RegistryFailure {
    Transport.Response r = call.response();
    if (r.status() == 200) {
      return Optional.of(read.apply(r));
    }
    if (r.status() == 404) {
      return Optional.empty();
    }
    throw RegistryFailure.unexpected(call.action(), r);
  }

  private static @Nullable Digest digestHeader(Transport.Response r, String name) {
    return r.header(name).filter(Digest::isValid).map(Digest::parse).orElse(null);
  }

  // ---------------------------------------------------------------- helpers

  private String where(String repository) {
    return endpoint + "/" + repository;
  }

  private static String refSuffix(String reference) {
    return reference.contains(":") ? "@" + reference : ":" + reference;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
