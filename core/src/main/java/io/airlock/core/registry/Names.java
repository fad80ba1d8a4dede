package io.airlock.core.registry;

import io.airlock.core.digest.Digest;
import java.util.regex.Pattern;

/**
 * The distribution spec's grammar for repository names and tags. Names are checked before they
 * touch the file system: the grammar allows neither {@code ..}, nor a leading slash, nor anything
 * that is not lower-case ASCII, digits and the separators {@code . _ __ -}, so a name is always a
 * safe relative path.
 */
public final class Names {

  private static final Pattern COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  /** Names longer than this are refused, as distribution does. */
  public static final int MAX_NAME = 255;

  private Names() {}

  public static boolean isValidRepository(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      return false;
    }
    for (String component : name.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        return false;
      }
    }
    return true;
  }

  public static void checkRepository(String name) throws RegistryException {
    if (!isValidRepository(name)) {
      throw new RegistryException(
          ErrorCode.NAME_INVALID,
          "invalid repository name '"
              + abbreviate(name)
              + "': lower-case letters, digits and . _ __ - separators, components joined by /");
    }
  }

  public static boolean isValidTag(String tag) {
    return TAG.matcher(tag).matches();
  }

  /** A manifest reference: a digest when it parses as one, else a tag. */
  public static boolean isDigest(String reference) {
    return reference.contains(":");
  }

  public static Digest parseDigest(String text) throws RegistryException {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(ErrorCode.DIGEST_INVALID, e.getMessage());
    }
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
