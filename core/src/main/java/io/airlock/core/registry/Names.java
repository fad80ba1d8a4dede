package io.airlock.core.registry;

import io.airlock.core.digest.Digest;

/**
 * The distribution spec's grammar for repository names and tags. Names are checked before they
 * touch the file system: the grammar allows neither {@code ..}, nor a leading slash, nor anything
 * that is not lower-case ASCII, digits and the separators {@code . _ __ -}, so a name is always a
 * safe relative path.
 */
public final class Names {

  /** Tags are at most this long, as the spec says. */
  private static final int MAX_TAG = 128;

  /** Names longer than this are refused, as distribution does. */
  public static final int MAX_NAME = 255;

  private Names() {}

  public static boolean isValidRepository(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      return false;
    }
    for (String component : name.split("/", -1)) {
      if (!isValidComponent(component)) {
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

  // The grammars are checked by hand rather than with java.util.regex: they run on every request,
  // and on a server that has just started the regex engine's backtracking matchers are costly to
  // compile.

  /**
   * One component of a name: {@code [a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*}, runs of lower-case letters
   * and digits joined by one dot, one or two underscores, or any number of dashes.
   */
  static boolean isValidComponent(String component) {
    int i = 0;
    int n = component.length();
    while (true) {
      int run = i;
      while (i < n && isLowerAlphanumeric(component.charAt(i))) {
        i++;
      }
      if (i == run) {
        return false; // empty, or a separator not followed by a letter or digit
      }
      if (i == n) {
        return true;
      }
      char separator = component.charAt(i);
      int start = i;
      while (i < n && component.charAt(i) == separator) {
        i++;
      }
      int length = i - start;
      boolean allowed =
          switch (separator) {
            case '.' -> length == 1;
            case '_' -> length <= 2;
            case '-' -> true;
            default -> false;
          };
      if (!allowed) {
        return false;
      }
    }
  }

  /** {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}} */
  public static boolean isValidTag(String tag) {
    if (tag.isEmpty() || tag.length() > MAX_TAG || tag.charAt(0) == '.' || tag.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (!(isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** A manifest reference: a digest when it parses as one, else a tag. */
  public static boolean isDigest(String reference) {
    return reference.contains(":");
  }

  public static Digest parseDigest(String text) throws RegistryException {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(ErrorCode.DIGEST_INVALID, String.valueOf(e.getMessage()));
    }
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
