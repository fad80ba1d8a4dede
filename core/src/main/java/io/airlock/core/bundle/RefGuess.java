package io.airlock.core.bundle;

import io.airlock.core.archive.MemberPaths;
import io.airlock.core.oci.ImageRef;
import java.util.Locale;

/**
 * Makes an image reference from where an unnamed image was found, e.g. {@code
 * capi/cluster-api-controller_v1.11.2.tar} becomes {@code
 * docker.io/capi/cluster-api-controller:v1.11.2}. Only used when the archive records no name;
 * {@code inspect} says so.
 */
final class RefGuess {

  private final String repository;
  private final String tag;

  private RefGuess(String repository, String tag) {
    this.repository = repository;
    this.tag = tag;
  }

  /** Guesses from a path in the bundle such as {@code vendor/name_tag.tar}. */
  static RefGuess fromSource(String source) {
    String file = MemberPaths.fileName(source).replaceAll("\\.(tar|oci|tar\\.gz|tgz)$", "");
    String dir = MemberPaths.fileName(MemberPaths.parent(source));
    int underscore = file.lastIndexOf('_');
    String name = underscore > 0 ? file.substring(0, underscore) : file;
    String tag = underscore > 0 ? file.substring(underscore + 1) : "latest";
    String repository = dir.isEmpty() ? clean(name) : clean(dir) + "/" + clean(name);
    return new RefGuess(repository, cleanTag(tag));
  }

  /** The guessed reference with the guessed tag. */
  String ref() {
    return withTag(tag);
  }

  /** The guessed repository with a tag the archive did record. */
  String withTag(String recordedTag) {
    return ImageRef.parse(repository + ":" + cleanTag(recordedTag)).toString();
  }

  private static String clean(String component) {
    String c = component.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    c = c.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    return c.isEmpty() ? "image" : c;
  }

  private static String cleanTag(String tag) {
    String t = tag.replaceAll("[^A-Za-z0-9._-]", "-");
    if (t.isEmpty() || (!Character.isLetterOrDigit(t.charAt(0)) && t.charAt(0) != '_')) {
      t = "v" + t;
    }
    return t.length() > 128 ? t.substring(0, 128) : t;
  }
}
