package io.airlock.core.push;

import io.airlock.core.archive.ContentSource;
import io.airlock.core.digest.Digest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Everything a push will send, artifact by artifact, in the order it is sent. */
record PushPlan(List<Artifact> artifacts) {

  PushPlan {
    artifacts = List.copyOf(artifacts);
  }

  enum Kind {
    IMAGE,
    CHART,
    /** A cosign signature, attestation or SBOM tag ({@code sha256-<hex>.sig}). */
    SIGNATURE,
    /** An OCI 1.1 artifact with a {@code subject}. */
    REFERRER
  }

  /** A layer or config: pushed as a blob. */
  record Blob(Digest digest, long size, ContentSource source) {}

  /**
   * A manifest or index, pushed byte for byte.
   *
   * @param reference the tag or digest it is pushed under
   */
  record ManifestDoc(Digest digest, String mediaType, ContentSource source, String reference) {}

  /**
   * One image, chart, signature or referrer.
   *
   * @param name how the bundle names it
   * @param repository target repository, e.g. {@code mirror/docker.io/library/nginx}
   * @param tag target tag, or null to push by digest only
   * @param manifests children first, the top document last
   * @param blobs distinct non-manifest blobs
   * @param subject the digest this artifact refers to (signatures, referrers), or null
   * @param subjectArtifact the index in the plan of the artifact holding the subject, or -1
   */
  record Artifact(
      String name,
      Kind kind,
      String repository,
      @Nullable String tag,
      Digest digest,
      String mediaType,
      List<ManifestDoc> manifests,
      List<Blob> blobs,
      @Nullable Digest subject,
      int subjectArtifact) {

    Artifact {
      manifests = List.copyOf(manifests);
      blobs = List.copyOf(blobs);
    }

    /** The tag, or the digest when there is none. */
    String reference() {
      return tag != null ? tag : digest.toString();
    }

    ManifestDoc top() {
      return manifests.get(manifests.size() - 1);
    }

    String targetRef(String host) {
      return host + "/" + repository + (tag != null ? ":" + tag : "@" + digest);
    }

    long bytes() {
      return blobs.stream().mapToLong(Blob::size).sum()
          + manifests.stream().mapToLong(m -> m.source().size()).sum();
    }

    Artifact withSubject(String newRepository, int subjectIndex) {
      return new Artifact(
          name,
          kind,
          newRepository,
          tag,
          digest,
          mediaType,
          manifests,
          blobs,
          subject,
          subjectIndex);
    }
  }
}
