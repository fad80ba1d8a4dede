package io.airlock.cli;

import io.airlock.core.BadInputException;

/** {@code [https://]HOST[:PORT][/PREFIX]} as given to --registry or --registry-url. */
record RegistryUrl(String host, String prefix, boolean plainHttp) {

  static RegistryUrl parse(String text, boolean plainHttpAllowed, String option)
      throws BadInputException {
    String t = text.trim();
    boolean plain = false;
    if (t.startsWith("https://")) {
      t = t.substring(8);
    } else if (t.startsWith("http://")) {
      if (!plainHttpAllowed) {
        throw new BadInputException(
            option + " " + text + " is plain HTTP.",
            "Airlock uses TLS by default; add --plain-http to use plain HTTP on purpose.");
      }
      t = t.substring(7);
      plain = true;
    } else if (plainHttpAllowed) {
      plain = true;
    }
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    String prefix = slash < 0 ? "" : t.substring(slash + 1);
    if (host.isEmpty()) {
      throw new BadInputException(
          option + " '" + text + "' names no host.",
          "Give HOST[:PORT][/PREFIX], e.g. registry.example.org:5000/site.");
    }
    return new RegistryUrl(host, prefix, plain);
  }
}
