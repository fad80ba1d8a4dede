package io.airlock.core.verify;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.digest.HashAlgorithm;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to verify. Several checks combine in one run and share the reads.
 *
 * @param subject the signed file, or the bundle for {@code contents}; null when only a checksum
 *     file is checked
 * @param keys a public key file, or a directory of them (any one may verify); null for no signature
 *     check
 * @param signature the detached signature; null means {@code subject + ".sig"} when keys are given
 *     and no bundle
 * @param inlineSignature the base64 signature itself, as cosign accepts it in --signature; null
 *     when it is in a file
 * @param sigstoreBundle a Sigstore (or cosign) bundle holding the signature, or null
 * @param checksums a sha256sum/sha512sum file, or null
 * @param contents re-hash every blob of the bundle {@code subject}
 * @param pinnedHash the only hash to try for ECDSA/RSA signatures, or null for the default rule
 * @param insecureSkipVerify check nothing and say so in the report
 * @param workDir where a compressed bundle is unpacked for {@code contents}
 */
public record VerificationRequest(
    @Nullable Path subject,
    @Nullable Path keys,
    @Nullable Path signature,
    @Nullable String inlineSignature,
    @Nullable Path sigstoreBundle,
    @Nullable Path checksums,
    boolean contents,
    @Nullable HashAlgorithm pinnedHash,
    boolean insecureSkipVerify,
    @Nullable Path workDir) {

  public static Builder builder() {
    return new Builder();
  }

  /** The detached signature file to read, when a detached signature is checked. */
  public Path signatureFile() {
    return signature != null
        ? signature
        : Path.of(Objects.requireNonNull(subject).toString() + ".sig");
  }

  /**
   * True when a --signature value names no file but is a signature itself, as cosign allows: long
   * enough and base64 through, so a mistyped path still gets "does not exist".
   */
  public static boolean looksInline(String value) {
    return value.length() >= 64 && SignatureText.decode(value.getBytes(US_ASCII)).base64();
  }

  boolean checksSignature() {
    return keys != null;
  }

  /** Refuses combinations that cannot mean anything, before any work. */
  void validate() throws BadInputException {
    if (insecureSkipVerify) {
      return;
    }
    if (keys == null && (signature != null || inlineSignature != null || sigstoreBundle != null)) {
      throw new BadInputException(
          Phrase.of("A signature needs the key to check it with: ", Setting.KEY, " is missing."),
          Phrase.of(
              "Give ",
              Setting.KEY,
              " (a file, or a directory of keys); Airlock does not do keyless (certificate)"
                  + " verification, which needs the Sigstore services."));
    }
    if (keys == null && checksums == null && !contents) {
      throw new BadInputException(
          Phrase.of("Nothing to verify."),
          Phrase.of(
              "Give ",
              Setting.KEY,
              " (a signature check), ",
              Setting.CHECKSUMS,
              ", ",
              Setting.CONTENTS,
              ", or several of them."));
    }
    if ((signature != null || inlineSignature != null) && sigstoreBundle != null) {
      throw new BadInputException(
          Phrase.of(
              "Give the signature either as ",
              Setting.SIGNATURE,
              " or inside ",
              Setting.SIGSTORE_BUNDLE,
              ", not both."),
          null);
    }
    if (subject == null && (keys != null || contents)) {
      throw new BadInputException(
          Phrase.of(
              "A check with ",
              keys != null ? Setting.KEY : Setting.CONTENTS,
              " needs the file to check."),
          Phrase.of("Name the signed file (or the bundle)."));
    }
  }

  /** Builds a request step by step; unset parts are null or false. */
  public static final class Builder {
    private @Nullable Path subject;
    private @Nullable Path keys;
    private @Nullable Path signature;
    private @Nullable String inlineSignature;
    private @Nullable Path sigstoreBundle;
    private @Nullable Path checksums;
    private boolean contents;
    private @Nullable HashAlgorithm pinnedHash;
    private boolean insecureSkipVerify;
    private @Nullable Path workDir;

    public Builder subject(@Nullable Path p) {
      subject = p;
      return this;
    }

    public Builder keys(@Nullable Path p) {
      keys = p;
      return this;
    }

    public Builder signature(@Nullable Path p) {
      signature = p;
      return this;
    }

    public Builder inlineSignature(@Nullable String s) {
      inlineSignature = s;
      return this;
    }

    public Builder sigstoreBundle(@Nullable Path p) {
      sigstoreBundle = p;
      return this;
    }

    public Builder checksums(@Nullable Path p) {
      checksums = p;
      return this;
    }

    public Builder contents(boolean b) {
      contents = b;
      return this;
    }

    public Builder pinnedHash(@Nullable HashAlgorithm h) {
      pinnedHash = h;
      return this;
    }

    public Builder insecureSkipVerify(boolean b) {
      insecureSkipVerify = b;
      return this;
    }

    public Builder workDir(@Nullable Path p) {
      workDir = p;
      return this;
    }

    public VerificationRequest build() {
      return new VerificationRequest(
          subject,
          keys,
          signature,
          inlineSignature,
          sigstoreBundle,
          checksums,
          contents,
          pinnedHash,
          insecureSkipVerify,
          workDir);
    }
  }
}
