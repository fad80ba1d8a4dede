package io.airlock.installer.mirrors;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.keys.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code [https://]HOST[:PORT][/PREFIX]} as given to {@code --registry}, {@code --registry-url} or
 * the wizard's external registry field.
 */
public record RegistryUrl(String host, String prefix, boolean plainHttp) {

  /**
   * @param plainHttpAllowed true when plain HTTP was chosen explicitly: {@code http://} is then
   *     accepted and a URL without a scheme means plain HTTP
   * @param option how the front end names the value in messages, e.g. {@code --registry-url}
   */
  public static RegistryUrl parse(String text, boolean plainHttpAllowed, String option)
      throws BadInputException {
    String t = text.trim();
    boolean plain = false;
    if (t.startsWith("https://")) {
      t = t.substring(8);
    } else if (t.startsWith("http://")) {
      if (!plainHttpAllowed) {
        throw new BadInputException(
            Phrase.of(option + " " + text + " is plain HTTP."),
            Phrase.of(
                "Airlock uses TLS by default; add ",
                Setting.PLAIN_HTTP,
                " to use plain HTTP on purpose."));
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

  /**
   * Reads the PEM CA certificate(s) of a registry, for the nodes' mirror configuration.
   *
   * @param option how the front end names the file in messages, e.g. {@code --ca-file}
   */
  public static String readCa(Path caFile) throws BadInputException {
    try {
      String ca = Files.readString(caFile);
      Pem.certificates(ca);
      return ca;
    } catch (IOException e) {
      throw new BadInputException(
          Phrase.of("Cannot read ", Setting.CA_FILE, " " + caFile + ": " + e.getMessage() + "."),
          Phrase.of("Check the path."),
          e);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          Phrase.of("The CA " + caFile + " (", Setting.CA_FILE, ") " + e.getMessage() + "."),
          Phrase.of("Give the PEM certificate of the CA that signed the registry's certificate."));
    }
  }
}
