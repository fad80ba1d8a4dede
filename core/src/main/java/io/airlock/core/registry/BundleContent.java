package io.airlock.core.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.InlineContent;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleChart;
import io.airlock.core.bundle.BundleImage;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Descriptor;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.Manifest;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.oci.TargetNaming;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A bundle served read-only, in place: nothing is copied, blobs are read from the bundle's files (a
 * directory or an uncompressed tar) when a client asks for them.
 *
 * <p>Naming, the same as the push engine's default: an image {@code docker.io/library/nginx:1.25}
 * is served as repository {@code docker.io/library/nginx}, tag {@code 1.25}, so a containerd mirror
 * for docker.io pointing at {@code http://HOST:5000/v2/docker.io} with {@code override_path} finds
 * it, and so does a client asking for {@code HOST:5000/docker.io/library/nginx:1.25}. A registry
 * port ({@code localhost:5000/x}) cannot be part of a repository name; its colon becomes {@code _}.
 * Helm charts are served as OCI artifacts under {@code charts/NAME:VERSION} ({@code +} in a version
 * becomes {@code _}, as Helm does).
 */
public final class BundleContent {

  /** What one repository of the bundle holds. */
  record Repo(Map<String, Digest> tags, Map<Digest, String> manifests, Set<Digest> blobs) {}

  private final Bundle bundle;
  private final Map<String, Repo> repos;
  private final Map<Digest, ContentSource> made;
  private final Map<String, Map<Digest, List<ObjectNode>>> referrers;

  private BundleContent(
      Bundle bundle,
      Map<String, Repo> repos,
      Map<Digest, ContentSource> made,
      Map<String, Map<Digest, List<ObjectNode>>> referrers) {
    this.bundle = bundle;
    this.repos = repos;
    this.made = made;
    this.referrers = referrers;
  }

  /**
   * Indexes a bundle for serving. Reads only its manifests (small); charts shipped as plain tars
   * are gzipped once into {@code cacheDir}.
   */
  public static BundleContent of(Bundle bundle, Path cacheDir, ProgressListener listener)
      throws IOException {
    Map<String, Repo> repos = new TreeMap<>();
    Map<Digest, ContentSource> made = new HashMap<>();
    Map<String, Map<Digest, List<ObjectNode>>> referrers = new HashMap<>();
    for (BundleImage image : bundle.images()) {
      Optional<String> repo = repositoryFor(image.ref());
      if (repo.isEmpty()) {
        listener.onEvent(
            Notice.warning(
                "Not serving " + image.ref() + ": it cannot be named as a registry repository."));
        continue;
      }
      Repo r = repos.computeIfAbsent(repo.get(), k -> newRepo());
      ImageRef ref = ImageRef.parse(image.ref());
      if (ref.tag() != null) {
        r.tags().put(ref.tag(), image.digest());
      }
      r.blobs().addAll(image.blobs());
      walk(bundle, repo.get(), image.digest(), image.mediaType(), r, referrers);
    }
    ChartArtifacts charts = new ChartArtifacts(cacheDir);
    for (BundleChart chart : bundle.charts()) {
      String repo = "charts/" + chart.name();
      String tag = chart.version().replace('+', '_');
      if (!Names.isValidRepository(repo) || !Names.isValidTag(tag)) {
        listener.onEvent(
            Notice.warning(
                "Not serving chart "
                    + chart.name()
                    + " "
                    + chart.version()
                    + ": its name or version cannot be a registry repository or tag."));
        continue;
      }
      Repo r = repos.computeIfAbsent(repo, k -> newRepo());
      if (chart.ociManifest() != null && bundle.blob(chart.ociManifest()).isPresent()) {
        r.tags().put(tag, chart.ociManifest());
        walk(bundle, repo, chart.ociManifest(), MediaTypes.OCI_MANIFEST, r, referrers);
        addReferencedBlobs(bundle, chart.ociManifest(), r);
      } else {
        ChartArtifacts.Artifact a = charts.artifactOf(chart);
        made.put(a.manifest(), new InlineContent(a.manifestBytes()));
        made.put(a.config(), new InlineContent(a.configBytes()));
        made.put(a.layer(), a.layerContent());
        r.tags().put(tag, a.manifest());
        r.manifests().put(a.manifest(), MediaTypes.OCI_MANIFEST);
        r.blobs().addAll(List.of(a.manifest(), a.config(), a.layer()));
      }
    }
    return new BundleContent(bundle, repos, made, referrers);
  }

  private static Repo newRepo() {
    return new Repo(new LinkedHashMap<>(), new HashMap<>(), new HashSet<>());
  }

  /** The repository an image ref is served under, if it can be named as one. */
  public static Optional<String> repositoryFor(String imageRef) {
    Optional<ImageRef> ref = ImageRef.tryParse(imageRef);
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    String name = new TargetNaming("", false).repository(ref.get());
    return Names.isValidRepository(name) ? Optional.of(name) : Optional.empty();
  }

  /** Records the media type of a manifest and of every manifest an index names. */
  private static void walk(
      Bundle bundle,
      String repo,
      Digest digest,
      String mediaType,
      Repo r,
      Map<String, Map<Digest, List<ObjectNode>>> referrers)
      throws IOException {
    if (r.manifests().containsKey(digest)) {
      return;
    }
    Optional<ContentSource> source = bundle.blob(digest);
    if (source.isEmpty() || source.get().size() > Registry.MAX_MANIFEST_BYTES) {
      return;
    }
    byte[] bytes;
    try (InputStream in = source.get().open()) {
      bytes = in.readNBytes((int) source.get().size());
    }
    Manifest m;
    try {
      m = Manifest.parse(bytes, mediaType);
    } catch (IllegalArgumentException e) {
      return; // the bundle reader already warned about it
    }
    r.manifests().put(digest, m.mediaType());
    if (m.subject() != null) {
      referrers
          .computeIfAbsent(repo, k -> new HashMap<>())
          .computeIfAbsent(m.subject().digest(), k -> new ArrayList<>())
          .add(Referrers.descriptorOf(m, digest, bytes.length));
    }
    for (Descriptor child : m.manifests()) {
      walk(bundle, repo, child.digest(), child.mediaType(), r, referrers);
    }
  }

  private static void addReferencedBlobs(Bundle bundle, Digest manifest, Repo r)
      throws IOException {
    ContentSource source = bundle.blob(manifest).orElseThrow();
    try (InputStream in = source.open()) {
      Manifest m = Manifest.parse(in.readNBytes((int) source.size()), MediaTypes.OCI_MANIFEST);
      r.blobs().add(manifest);
      for (Descriptor d : m.references()) {
        r.blobs().add(d.digest());
      }
    } catch (IllegalArgumentException e) {
      // served by digest only
    }
  }

  public Bundle bundle() {
    return bundle;
  }

  Set<String> repositories() {
    return repos.keySet();
  }

  boolean hasRepository(String repo) {
    return repos.containsKey(repo);
  }

  /** The repository's tags, or empty when the bundle has no such repository. */
  Optional<Set<String>> tags(String repo) {
    Repo r = repos.get(repo);
    return r == null ? Optional.empty() : Optional.of(r.tags().keySet());
  }

  Optional<Digest> tag(String repo, String tag) {
    Repo r = repos.get(repo);
    return r == null ? Optional.empty() : Optional.ofNullable(r.tags().get(tag));
  }

  Optional<String> manifestMediaType(String repo, Digest digest) {
    Repo r = repos.get(repo);
    return r == null ? Optional.empty() : Optional.ofNullable(r.manifests().get(digest));
  }

  /** A blob of the repository, read in place. */
  Optional<ContentSource> blob(String repo, Digest digest) {
    Repo r = repos.get(repo);
    if (r == null || !r.blobs().contains(digest)) {
      return Optional.empty();
    }
    ContentSource made = this.made.get(digest);
    return made != null ? Optional.of(made) : bundle.blob(digest);
  }

  /** Any blob of the bundle, whichever repository it belongs to. */
  Optional<ContentSource> anyBlob(Digest digest) {
    ContentSource made = this.made.get(digest);
    return made != null ? Optional.of(made) : bundle.blob(digest);
  }

  List<ObjectNode> referrers(String repo, Digest subject) {
    return referrers.getOrDefault(repo, Map.of()).getOrDefault(subject, List.of());
  }

  /** How many repositories, tags and blobs are served, for the start-up message. */
  public String summary() {
    int tags = repos.values().stream().mapToInt(r -> r.tags().size()).sum();
    Set<Digest> blobs = new HashSet<>();
    repos.values().forEach(r -> blobs.addAll(r.blobs()));
    return repos.size() + " repositories, " + tags + " tags, " + blobs.size() + " blobs";
  }

  /** Every repository:tag served, for the start-up message. */
  public List<String> references() {
    List<String> refs = new ArrayList<>();
    repos.forEach((repo, r) -> r.tags().keySet().forEach(t -> refs.add(repo + ":" + t)));
    return refs;
  }
}
