package io.airlock.core.archive;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Member names of archives, made safe: relative, forward slashes, no {@code .} or {@code ..}
 * segments. A name that would escape the archive root is refused, never silently fixed.
 */
public final class MemberPaths {

  private MemberPaths() {}

  /**
   * Normalises a member name.
   *
   * @return the normalised name, or empty when the name escapes the root (absolute, {@code ..}
   *     above the root, a drive letter, a NUL byte)
   */
  public static Optional<String> normalize(String name) {
    if (name.indexOf('\0') >= 0 || name.startsWith("/") || name.startsWith("\\")) {
      return Optional.empty();
    }
    if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
      return Optional.empty();
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : name.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return Optional.of(String.join("/", parts));
  }

  /**
   * Resolves a symbolic link's target against the directory holding the link.
   *
   * @return the target's normalised path, or empty when it points outside the archive
   */
  public static Optional<String> resolveLink(String linkPath, String target) {
    if (target.startsWith("/")) {
      return Optional.empty();
    }
    String dir = parent(linkPath);
    return normalize(dir.isEmpty() ? target : dir + "/" + target);
  }

  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Joins a directory prefix (possibly empty) and a relative name. */
  public static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }
}
