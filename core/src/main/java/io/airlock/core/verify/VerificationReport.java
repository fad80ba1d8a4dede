package io.airlock.core.verify;

import io.airlock.core.CheckFailedException;
import io.airlock.core.keys.TrustedKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a verification found, in the shape {@code airlock verify --json} prints and later steps
 * attach to the install report. Fields are only ever added, never renamed.
 *
 * @param verdict {@code passed}, {@code failed} or {@code skipped}
 * @param summary one line for people
 * @param subject the file the signature covers (or the bundle), null when only checksums ran
 * @param subjectBytes its size, when it was read
 * @param checked the checks that ran: {@code signature}, {@code checksums}, {@code contents}
 * @param keys every trusted key that was offered
 * @param signature the signature check, null when not asked
 * @param checksums the checksum-file check, null when not asked
 * @param contents the bundle-contents check, null when not asked
 * @param insecureSkipVerify true when the user skipped verification
 */
public record VerificationReport(
    String verdict,
    String summary,
    @Nullable String subject,
    @Nullable Long subjectBytes,
    List<String> checked,
    List<KeyInfo> keys,
    @Nullable SignatureResult signature,
    @Nullable ChecksumsResult checksums,
    @Nullable ContentsResult contents,
    boolean insecureSkipVerify,
    List<String> warnings) {

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";
  public static final String NOT_RUN = "not-run";

  public VerificationReport {
    checked = List.copyOf(checked);
    keys = List.copyOf(keys);
    warnings = List.copyOf(warnings);
  }

  /** A trusted key: the fingerprint is what a person compares with the vendor's. */
  public record KeyInfo(String path, String algorithm, String fingerprint) {
    static KeyInfo of(TrustedKey key) {
      return new KeyInfo(key.source().toString(), key.algorithm(), key.fingerprint());
    }
  }

  /**
   * @param status passed, failed or not-run
   * @param source the .sig or bundle file
   * @param format base64, raw, or the bundle kind
   * @param scheme how it verified, e.g. "ECDSA P-256 with SHA-256"
   * @param key the key it verified with
   * @param message why it failed, null when it passed
   * @param transparencyLog what was done with a transparency-log entry, null when there is none
   */
  public record SignatureResult(
      String status,
      String source,
      String format,
      @Nullable String scheme,
      @Nullable KeyInfo key,
      @Nullable String message,
      @Nullable String transparencyLog) {}

  /** One listed file whose digest differs. */
  public record Mismatch(String name, int line, String algorithm, String expected, String actual) {}

  /**
   * @param listed lines in the checksum file
   * @param passed lines whose file matched
   * @param missing listed files that are not there
   * @param extra files beside the checksum file that it does not list (reported, not a failure)
   */
  public record ChecksumsResult(
      String status,
      String file,
      int listed,
      int passed,
      List<Mismatch> mismatched,
      List<String> missing,
      List<String> extra,
      @Nullable String message) {
    public ChecksumsResult {
      mismatched = List.copyOf(mismatched);
      missing = List.copyOf(missing);
      extra = List.copyOf(extra);
    }
  }

  /**
   * @param blobs distinct blobs and chart archives re-hashed
   * @param bytes their total size
   * @param bad blobs whose bytes do not match their digest
   * @param missing references to blobs the bundle lacks
   */
  public record ContentsResult(
      String status,
      String bundle,
      int blobs,
      long bytes,
      List<ContentsCheck.BadBlob> bad,
      List<String> missing,
      @Nullable String message) {
    public ContentsResult {
      bad = List.copyOf(bad);
      missing = List.copyOf(missing);
    }
  }

  public boolean passed() {
    return PASSED.equals(verdict);
  }

  /**
   * The failure to raise when the verification did not pass: the first failed check's message.
   * Empty when it passed or was skipped on purpose.
   */
  public Optional<CheckFailedException> failure() {
    if (!FAILED.equals(verdict)) {
      return Optional.empty();
    }
    List<String> messages = new ArrayList<>();
    String hint = null;
    if (signature != null && FAILED.equals(signature.status())) {
      messages.add(signature.message());
      hint =
          "Do not install it. Check that the key is the vendor's (compare the fingerprint) and that"
              + " the file and its signature come from the same release; download again if so.";
    }
    if (checksums != null && FAILED.equals(checksums.status())) {
      messages.add(checksums.message());
      hint = hint != null ? hint : "Download the files named above again from the vendor.";
    }
    if (contents != null && FAILED.equals(contents.status())) {
      messages.add(contents.message());
      hint =
          hint != null
              ? hint
              : "The bundle is damaged or was altered; get it again from its vendor.";
    }
    return Optional.of(new CheckFailedException(String.join(" ", messages), hint));
  }
}
