package io.airlock.core.push;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.oci.TargetNaming;

/**
 * The {@code --registry} argument: {@code HOST[:PORT][/PREFIX]}, e.g. {@code
 * 127.0.0.1:5000/mirror}.
 */
public record PushTarget(String host, String prefix) {

  public static PushTarget parse(String text) throws BadInputException {
    String t = text == null ? "" : text.strip();
    if (t.contains("://")) {
      throw new BadInputException(
          Phrase.of(Setting.REGISTRY, " is HOST[:PORT][/PREFIX], not a URL: '", text, "'."),
          Phrase.of("Drop the scheme; for plain HTTP add ", Setting.PLAIN_HTTP, "."));
    }
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    String prefix = slash < 0 ? "" : t.substring(slash + 1);
    if (host.isEmpty()
        || !host.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?")) {
      throw new BadInputException(
          Phrase.of(
              Setting.REGISTRY,
              " '",
              text,
              "' does not start with a registry host such as registry.local:5000."),
          null);
    }
    try {
      new TargetNaming(prefix, false);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          Phrase.of(Setting.REGISTRY, " '", text, "': ", e.getMessage(), "."), null);
    }
    return new PushTarget(
        host.toLowerCase(java.util.Locale.ROOT), new TargetNaming(prefix, false).prefix());
  }

  @Override
  public String toString() {
    return prefix.isEmpty() ? host : host + "/" + prefix;
  }
}
