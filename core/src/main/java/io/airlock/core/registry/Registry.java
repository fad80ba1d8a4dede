package io.airlock.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.Json;
import io.airlock.core.oci.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What the registry does, without HTTP: the distribution spec's operations over the disk store
 * (pushes) and a bundle served in place (read-only). Pulls look in the store first and fall back to
 * the bundle. Every refusal is a {@link RegistryException} carrying the spec's error code.
 */
public final class Registry {

  /** Registries commonly refuse manifests above 4 MiB; so does this one. */
  public static final int MAX_MANIFEST_BYTES = 4 << 20;

  private final @Nullable DiskStore store;
  private final @Nullable Uploads uploads;
  private final @Nullable BundleContent bundle;
  private final boolean readOnly;

  /** A blob's bytes. */
  public record Blob(Digest digest, ContentSource content) {}

  /** A manifest as stored: its exact bytes and the media type it was pushed with. */
  public record ManifestDoc(Digest digest, String mediaType, ContentSource content) {}

  /** What a manifest push stored. */
  public record Pushed(Digest digest, Optional<Digest> subject) {}

  /**
   * @param store where pushes go, or null to serve the bundle only
   * @param bundle a bundle served read-only, or null
   * @param readOnly refuse every write even with a store
   */
  public Registry(@Nullable DiskStore store, @Nullable BundleContent bundle, boolean readOnly) {
    if (store == null && bundle == null) {
      throw new IllegalArgumentException("a registry needs a store, a bundle or both");
    }
    this.store = store;
    this.uploads = store == null ? null : new Uploads(store);
    this.bundle = bundle;
    this.readOnly = readOnly || store == null;
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** The directory pushes go to, when the registry has a store. */
  Optional<Path> storageRoot() {
    return Optional.ofNullable(store).map(DiskStore::root);
  }

  // ------------------------------------------------------------------ blobs

  public Blob blob(String repo, Digest digest) throws RegistryException, IOException {
    if (store != null
        && (store.hasBlob(repo, digest) || store.manifestMediaType(repo, digest).isPresent())) {
      Path file = store.blobPath(digest);
      return new Blob(digest, FileSlice.of(file, Files.size(file)));
    }
    if (bundle != null) {
      Optional<ContentSource> c = bundle.blob(repo, digest);
      if (c.isPresent()) {
        return new Blob(digest, c.get());
      }
    }
    throw new RegistryException(
        ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is not in repository " + repo);
  }

  public void deleteBlob(String repo, Digest digest) throws RegistryException, IOException {
    DiskStore disk = requireWritable();
    if (disk.unlinkBlob(repo, digest)) {
      return;
    }
    if (bundle != null && bundle.blob(repo, digest).isPresent()) {
      throw RegistryException.servedFromBundle("blob " + digest);
    }
    throw new RegistryException(
        ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is not in repository " + repo);
  }

  // ------------------------------------------------------------------ uploads

  public String startUpload(String repo) throws RegistryException, IOException {
    return writableUploads().start(repo);
  }

  /**
   * Links a blob another repository of the store holds into {@code repo}; false when it cannot (the
   * client then uploads it).
   */
  public boolean mount(String repo, Digest digest, @Nullable String from)
      throws RegistryException, IOException {
    DiskStore disk = requireWritable();
    if (from == null || !Names.isValidRepository(from) || !disk.hasBlob(from, digest)) {
      return false;
    }
    try {
      disk.linkBlob(repo, digest);
    } catch (IOException e) {
      throw Storage.failure(e, disk);
    }
    return true;
  }

  public long uploadSize(String repo, String id) throws RegistryException, IOException {
    return writableUploads().size(repo, id);
  }

  /** Opens an upload session for the bytes of one request ({@code rangeStart} -1: append). */
  public Uploads.Writer appendUpload(String repo, String id, long rangeStart)
      throws RegistryException, IOException {
    return writableUploads().append(repo, id, rangeStart);
  }

  public void completeUpload(String repo, String id, Digest digest)
      throws RegistryException, IOException {
    writableUploads().commit(repo, id, digest);
  }

  public void cancelUpload(String repo, String id) throws RegistryException, IOException {
    writableUploads().cancel(repo, id);
  }

  /**
   * Removes upload sessions that have had no new bytes for {@code maxIdle}: abandoned pushes.
   *
   * @return how many were removed (0 without a store)
   */
  public int removeIdleUploads(Duration maxIdle) throws IOException {
    return uploads == null ? 0 : uploads.removeIdle(Instant.now().minus(maxIdle), false);
  }

  // ------------------------------------------------------------------ manifests

  public ManifestDoc manifest(String repo, String reference) throws RegistryException, IOException {
    Optional<ManifestDoc> found = Optional.empty();
    if (Names.isDigest(reference)) {
      Digest digest;
      try {
        digest = Digest.parse(reference);
      } catch (IllegalArgumentException e) {
        throw RegistryException.manifestUnknown(repo, reference);
      }
      found = byDigest(repo, digest);
    } else if (Names.isValidTag(reference)) {
      if (store != null) {
        Optional<Digest> d = store.tag(repo, reference);
        if (d.isPresent()) {
          found = byDigest(repo, d.get());
        }
      }
      if (found.isEmpty() && bundle != null) {
        Optional<Digest> d = bundle.tag(repo, reference);
        if (d.isPresent()) {
          found = byDigest(repo, d.get());
        }
      }
    }
    return found.orElseThrow(() -> RegistryException.manifestUnknown(repo, reference));
  }

  private Optional<ManifestDoc> byDigest(String repo, Digest digest) throws IOException {
    if (store != null) {
      Optional<String> mediaType = store.manifestMediaType(repo, digest);
      if (mediaType.isPresent()) {
        Path file = store.blobPath(digest);
        return Optional.of(
            new ManifestDoc(digest, mediaType.get(), FileSlice.of(file, Files.size(file))));
      }
    }
    if (bundle != null) {
      Optional<String> mediaType = bundle.manifestMediaType(repo, digest);
      Optional<ContentSource> content = bundle.blob(repo, digest);
      if (mediaType.isPresent() && content.isPresent()) {
        return Optional.of(new ManifestDoc(digest, mediaType.get(), content.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * Stores a manifest after checking it: well-formed, its digest the one named, every blob and
   * manifest it references already in the repository (manifests only after their blobs).
   *
   * @param contentType the request's Content-Type, or null
   */
  public Pushed putManifest(
      String repo, String reference, @Nullable String contentType, byte[] bytes)
      throws RegistryException, IOException {
    DiskStore disk = requireWritable();
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw PushedManifests.tooLarge(bytes.length);
    }
    Digest digest = PushedManifests.digestOf(reference, bytes);
    boolean byTag = !Names.isDigest(reference);
    String mediaType = PushedManifests.mediaTypeOf(bytes, contentType);
    Manifest parsed = PushedManifests.parse(bytes, mediaType);
    if (parsed != null) {
      PushedManifests.checkReferences(
          repo, parsed, d -> byDigest(repo, d).isPresent(), d -> hasBlob(repo, d));
    }
    synchronized (disk.repositoryLock(repo)) {
      try {
        disk.putDocument(digest, bytes);
        disk.linkManifest(repo, digest, mediaType);
        if (byTag) {
          disk.setTag(repo, reference, digest);
        }
        if (parsed != null && parsed.subject() != null) {
          disk.addReferrer(
              repo,
              parsed.subject().digest(),
              digest,
              Json.MAPPER.writeValueAsBytes(Referrers.descriptorOf(parsed, digest, bytes.length)));
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw Storage.failure(e, disk);
      }
    }
    return new Pushed(
        digest, Optional.ofNullable(parsed).map(Manifest::subject).map(Descriptor::digest));
  }

  private boolean hasBlob(String repo, Digest digest) {
    return (store != null && store.hasBlob(repo, digest))
        || (bundle != null && bundle.blob(repo, digest).isPresent());
  }

  public void deleteManifest(String repo, String reference) throws RegistryException, IOException {
    DiskStore disk = requireWritable();
    synchronized (disk.repositoryLock(repo)) {
      if (!Names.isDigest(reference)) {
        if (Names.isValidTag(reference) && disk.deleteTag(repo, reference)) {
          return;
        }
        if (bundle != null && bundle.tag(repo, reference).isPresent()) {
          throw RegistryException.servedFromBundle("tag " + reference);
        }
        throw RegistryException.manifestUnknown(repo, reference);
      }
      Digest digest = Names.parseDigest(reference);
      Optional<String> mediaType = disk.manifestMediaType(repo, digest);
      if (mediaType.isEmpty()) {
        if (bundle != null && bundle.manifestMediaType(repo, digest).isPresent()) {
          throw RegistryException.servedFromBundle("manifest " + digest);
        }
        throw RegistryException.manifestUnknown(repo, reference);
      }
      try {
        Manifest m = Manifest.parse(Files.readAllBytes(disk.blobPath(digest)), mediaType.get());
        if (m.subject() != null) {
          disk.removeReferrer(repo, m.subject().digest(), digest);
        }
      } catch (IllegalArgumentException e) {
        // not a manifest with a subject
      }
      disk.unlinkManifest(repo, digest);
    }
  }

  // ------------------------------------------------------------------ listings

  /** Tags of a repository in lexical order, from {@code last} (exclusive), at most {@code n}. */
  public Page tags(String repo, @Nullable Integer n, @Nullable String last)
      throws RegistryException, IOException {
    boolean inStore = store != null && store.hasRepository(repo);
    Optional<java.util.Set<String>> fromBundle =
        bundle == null ? Optional.empty() : bundle.tags(repo);
    if (!inStore && fromBundle.isEmpty()) {
      throw new RegistryException(
          ErrorCode.NAME_UNKNOWN, "repository " + repo + " is not known to this registry");
    }
    SortedSet<String> all = new TreeSet<>();
    if (inStore && store != null) {
      all.addAll(store.tags(repo));
    }
    fromBundle.ifPresent(all::addAll);
    return Page.of(all, n, last);
  }

  /** Repository names in lexical order, paginated like tags. */
  public Page catalog(@Nullable Integer n, @Nullable String last) throws IOException {
    SortedSet<String> all = new TreeSet<>();
    if (store != null) {
      all.addAll(store.repositories());
    }
    if (bundle != null) {
      all.addAll(bundle.repositories());
    }
    return Page.of(all, n, last);
  }

  /** The referrers index of {@code subject}, filtered by artifactType when one is given. */
  public byte[] referrers(String repo, Digest subject, @Nullable String artifactType)
      throws IOException {
    List<JsonNode> descriptors = new ArrayList<>();
    if (store != null) {
      for (byte[] d : store.referrers(repo, subject)) {
        descriptors.add(Json.parse(d));
      }
    }
    if (bundle != null) {
      descriptors.addAll(bundle.referrers(repo, subject));
    }
    descriptors.sort((a, b) -> a.path("digest").asText().compareTo(b.path("digest").asText()));
    return Referrers.index(descriptors, artifactType);
  }

  // ------------------------------------------------------------------ helpers

  /** The store of a writable registry; refuses a read-only one (every one without a store is). */
  DiskStore requireWritable() throws RegistryException {
    if (readOnly || store == null) {
      throw new RegistryException(
          ErrorCode.UNSUPPORTED,
          store == null
              ? "this registry serves a bundle read-only; it accepts pushes only when started"
                  + " with a storage directory"
              : "this registry is read-only");
    }
    return store;
  }

  private Uploads writableUploads() throws RegistryException {
    requireWritable();
    return Objects.requireNonNull(uploads, "a registry with a store has uploads");
  }
}
