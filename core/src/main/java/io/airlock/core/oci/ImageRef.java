package io.airlock.core.oci;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.airlock.core.digest.Digest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An image reference in its full, canonical form: {@code docker.io/library/nginx:1.25}. Short
 * Docker Hub names are expanded the way Docker does it, so that equal images compare equal.
 */
public record ImageRef(
    String registry, String repository, @Nullable String tag, @Nullable Digest digest) {

  public static final String DOCKER_HUB = "docker.io";
  private static final Set<String> DOCKER_HUB_ALIASES =
      Set.of("registry-1.docker.io", "index.docker.io", DOCKER_HUB);

  /**
   * Parses a reference such as {@code nginx}, {@code ghcr.io/org/app:1.0} or {@code
   * quay.io/x/y@sha256:...}. A reference with neither tag nor digest gets the tag {@code latest}.
   *
   * @throws IllegalArgumentException saying why the text is not a reference
   */
  public static ImageRef parse(String text) {
    ImageReference parsed;
    try {
      parsed = ImageReference.parse(text);
    } catch (InvalidImageReferenceException e) {
      throw new IllegalArgumentException("not a valid image reference: '" + text + "'", e);
    }
    String repository = parsed.getRepository();
    if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "not a valid image reference: '" + text + "' (repository names must be lower case)");
    }
    String registry = parsed.getRegistry();
    if (DOCKER_HUB_ALIASES.contains(registry)) {
      registry = DOCKER_HUB;
    }
    Digest digest = parsed.getDigest().map(Digest::parse).orElse(null);
    return new ImageRef(registry, repository, parsed.getTag().orElse(null), digest);
  }

  /** Like {@link #parse} but empty instead of throwing. */
  public static Optional<ImageRef> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * True when the text names a repository and not only a tag such as {@code 1.25}: a tag can hold
   * none of {@code / : @}.
   */
  public static boolean looksLikeFullReference(String text) {
    return text.contains("/") || text.contains(":") || text.contains("@");
  }

  /** {@code registry/repository}, the name without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  public ImageRef withTag(@Nullable String newTag) {
    return new ImageRef(registry, repository, newTag, digest);
  }

  @Override
  public String toString() {
    return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
