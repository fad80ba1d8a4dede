package io.airlock.core.push;

import io.airlock.core.BadInputException;

/**
 * The {@code --registry} argument: {@code HOST[:PORT][/PREFIX]}, e.g. {@code
 * 127.0.0.1:5000/mirror}.
 */
public record PushTarget(String host, String prefix) {

  public static PushTarget parse(String text) throws BadInputException {
    String t = text == null ? "" : text.strip();
    if (t.contains("://")) {
      throw new BadInputException(
          "--registry takes HOST[:PORT][/PREFIX], not a URL: '" + text + "'.",
          "Drop the scheme; plain HTTP is chosen with --plain-http.");
    }
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    String prefix = slash < 0 ? "" : t.substring(slash + 1);
    if (host.isEmpty()
        || !host.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?")) {
      throw new BadInputException(
          "--registry '"
              + text
              + "' does not start with a registry host such as registry.local:5000.");
    }
    try {
      new TargetNaming(prefix, false);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--registry '" + text + "': " + e.getMessage() + ".");
    }
    return new PushTarget(
        host.toLowerCase(java.util.Locale.ROOT), new TargetNaming(prefix, false).prefix());
  }

  @Override
  public String toString() {
    return prefix.isEmpty() ? host : host + "/" + prefix;
  }
}
