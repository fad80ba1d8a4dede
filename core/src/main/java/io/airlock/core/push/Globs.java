package io.airlock.core.push;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code --only} patterns: {@code *} matches any run of characters (slashes too), {@code ?} one
 * character; everything else literally. A name is selected when any pattern matches all of it.
 */
final class Globs {

  private final List<Pattern> patterns;

  Globs(List<String> globs) {
    patterns = globs.stream().map(Globs::compile).toList();
  }

  boolean selectsAll() {
    return patterns.isEmpty();
  }

  boolean matches(String name) {
    return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(name).matches());
  }

  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString());
  }
}
