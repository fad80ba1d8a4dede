package io.airlock.core.push;

import io.airlock.core.AirlockException;
import io.airlock.core.BadInputException;
import io.airlock.core.CheckFailedException;
import io.airlock.core.Phrase;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.Setting;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.ContentMismatchException;
import io.airlock.core.distribution.RegistryError;
import io.airlock.core.distribution.RegistryFailure;
import org.jspecify.annotations.Nullable;

/**
 * Turns a registry failure into one message that names the image (and blob) and says what to do:
 * whether the registry runs, which flag fixes TLS, which credentials were refused, which error code
 * the registry gave.
 */
final class PushErrors {

  private static final String AGAIN =
      " Running the same command again continues where this one stopped.";

  private PushErrors() {}

  /**
   * @param plainHttp true when the push spoke plain HTTP (the hint then does not suggest it)
   * @param artifact the image or chart being pushed, or null when none yet
   * @param blob the blob being sent, or null
   */
  static AirlockException of(
      RegistryFailure f,
      String registry,
      boolean plainHttp,
      @Nullable String artifact,
      @Nullable Digest blob,
      boolean hadCredentials) {
    String what =
        artifact == null
            ? ""
            : " while pushing " + artifact + (blob == null ? "" : " (blob " + blob + ")");
    String code = f.errors().isEmpty() ? "" : " " + f.errors().get(0).code();
    return switch (f.kind()) {
      case CONNECTION ->
          new RemoteFailureException(
              Phrase.of("Cannot reach the registry ", registry, what, ": ", detail(f), "."),
              plainHttp
                  ? Phrase.of(
                      "Is the registry running and listening on ",
                      registry,
                      " (Airlock spoke plain HTTP to it, as asked)?",
                      AGAIN)
                  : Phrase.of(
                      "Is the registry running and listening on ",
                      registry,
                      "? If it serves plain HTTP, add ",
                      Setting.PLAIN_HTTP,
                      ".",
                      AGAIN),
              f);
      case TLS ->
          new RemoteFailureException(
              Phrase.of("TLS with the registry ", registry, " failed", what, ": ", detail(f), "."),
              f.getMessage().contains("does not speak TLS")
                  ? Phrase.of(
                      "The registry serves plain HTTP: add ",
                      Setting.PLAIN_HTTP,
                      " (credentials then go only to a registry on this machine).")
                  : Phrase.of(
                      "Give the CA that signed the registry's certificate as ",
                      Setting.CA_FILE,
                      " (or, on a network you trust, ",
                      Setting.INSECURE_SKIP_TLS_VERIFY,
                      ")."),
              f);
      case UNAUTHORIZED ->
          new RemoteFailureException(
              Phrase.of(
                  "The registry ",
                  registry,
                  " refused access (HTTP 401",
                  code,
                  ")",
                  what,
                  ": ",
                  f.getMessage(),
                  "."),
              hadCredentials
                  ? Phrase.of(
                      "Check ",
                      Setting.CREDENTIALS,
                      ", or the entry for ",
                      registry,
                      " in ~/.docker/config.json or REGISTRY_AUTH_FILE.")
                  : Phrase.of(
                      "Give ",
                      Setting.CREDENTIALS,
                      ", or log in with 'docker login ",
                      registry,
                      "' (Airlock reads ~/.docker/config.json and REGISTRY_AUTH_FILE)."),
              f);
      case FORBIDDEN ->
          new RemoteFailureException(
              Phrase.of(
                  "The registry ",
                  registry,
                  " does not allow this push (HTTP 403",
                  code,
                  ")",
                  what,
                  ": ",
                  f.action(),
                  "."),
              Phrase.of(
                  "Ask the registry's administrator for pull and push rights on that repository, or"
                      + " choose another prefix in ",
                  Setting.REGISTRY,
                  "."),
              f);
      case NOT_FOUND, REJECTED, SERVER ->
          new RemoteFailureException(
              Phrase.of("The registry ", registry, " refused", what, ": ", f.getMessage(), "."),
              hint(f),
              f);
      case PROTOCOL ->
          new RemoteFailureException(
              "The registry " + registry + " answered wrongly" + what + ": " + f.getMessage() + ".",
              "Airlock needs a registry that follows the OCI distribution spec and stores content"
                  + " as sent (CNCF distribution, zot, Harbor, Airlock's own).",
              f);
      case SOURCE -> source(f, artifact, blob);
      case INSECURE_CREDENTIALS ->
          new BadInputException(
              Phrase.of(
                  "Refusing to send credentials to ", registry, " over plain HTTP", what, "."),
              Phrase.of(
                  "Use TLS (drop ",
                  Setting.PLAIN_HTTP,
                  ", give ",
                  Setting.CA_FILE,
                  " if needed), or push to a registry on this machine."),
              f);
    };
  }

  private static AirlockException source(
      RegistryFailure f, @Nullable String artifact, @Nullable Digest blob) {
    for (Throwable c = f.getCause(); c != null; c = c.getCause()) {
      if (c instanceof ContentMismatchException m) {
        return new CheckFailedException(
            "Blob "
                + m.expected()
                + " of "
                + artifact
                + " in the bundle hashes to "
                + m.actual()
                + "; it was not uploaded (the registry never received all of it).",
            "The bundle is damaged or was altered; get it again from its vendor.",
            f);
      }
    }
    return new BadInputException(
        "Cannot read blob " + blob + " of " + artifact + " from the bundle: " + detail(f) + ".",
        "Check the disk holding the bundle (dmesg may say more); a damaged copy must be fetched"
            + " again.",
        f);
  }

  private static Phrase hint(RegistryFailure f) {
    if (f.isStorageFull()) {
      return Phrase.of(
          "The registry's storage is full: free space on its disk (for Airlock's own registry,"
              + " stop it and run ",
          Setting.REGISTRY_GC,
          "), then run the same command again; it continues where this one stopped.");
    }
    if (f.status() == 429 || f.status() >= 500) {
      return Phrase.of(
          "The registry is overloaded or failing; try again later, perhaps after lowering ",
          Setting.CONCURRENCY,
          ".",
          AGAIN);
    }
    return Phrase.of(hintForCode(f));
  }

  private static String hintForCode(RegistryFailure f) {
    for (RegistryError e : f.errors()) {
      switch (e.code()) {
        case "MANIFEST_BLOB_UNKNOWN", "BLOB_UNKNOWN":
          return "The registry lost a blob the manifest needs; run the same command again.";
        case "MANIFEST_INVALID", "MANIFEST_UNVERIFIED", "UNSUPPORTED":
          return "The registry does not accept this kind of manifest; check that it supports OCI"
              + " image and artifact manifests.";
        case "NAME_INVALID":
          return "The registry refuses the repository name; try flat names or another prefix.";
        case "TAG_INVALID":
          return "The registry refuses the tag; check the registry's tag rules.";
        case "DENIED":
          return "Ask the registry's administrator for push rights.";
        default:
          // keep looking
      }
    }
    return "Check the registry's log for the reason.";
  }

  private static String detail(RegistryFailure f) {
    String m = f.getMessage();
    int colon = m.indexOf(": ");
    return colon >= 0 ? m.substring(colon + 2) : m;
  }
}
