package io.airlock.core.verify;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.Sizes;
import io.airlock.core.archive.Compression;
import io.airlock.core.bundle.Bundle;
import io.airlock.core.bundle.BundleOpener;
import io.airlock.core.keys.PublicKeyReader;
import io.airlock.core.keys.TrustedKey;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.verify.VerificationReport.ChecksumsResult;
import io.airlock.core.verify.VerificationReport.ContentsResult;
import io.airlock.core.verify.VerificationReport.KeyInfo;
import io.airlock.core.verify.VerificationReport.SignatureResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs the checks a {@link VerificationRequest} asks for and reports them. The signed file is read
 * once: its signature digests, its checksum lines and, for an uncompressed tar bundle, the digests
 * of every blob inside it all come from that one pass.
 *
 * <p>Inputs that cannot be used (missing files, a private key given as the key, a malformed
 * checksum line) throw {@link BadInputException} before any long work. Checks that run and fail do
 * not throw: they are in the report, and {@link VerificationReport#failure()} gives the exception
 * to raise.
 */
public final class Verification {

  private final ProgressListener listener;

  public Verification(ProgressListener listener) {
    this.listener = listener;
  }

  public VerificationReport run(VerificationRequest request)
      throws BadInputException, InterruptedIOException {
    request.validate();
    if (request.insecureSkipVerify()) {
      return skipped(request);
    }
    Path subject = request.subject();
    if (subject != null && !Files.exists(subject)) {
      throw new BadInputException(
          "The file to verify, " + subject + ", does not exist.", "Check the path.");
    }
    if (subject != null && request.keys() != null && !Files.isRegularFile(subject)) {
      throw new BadInputException(
          Phrase.of(subject, " is a directory; a signature covers one file."),
          Phrase.of(
              "Verify a directory with ",
              Setting.CHECKSUMS,
              " (and sign the checksum file), or ",
              Setting.CONTENTS,
              "."));
    }
    List<String> warnings = new ArrayList<>();
    List<TrustedKey> keys =
        request.keys() == null
            ? List.of()
            : PublicKeyReader.readAll(
                request.keys(),
                event -> {
                  if (event instanceof Notice notice) {
                    warnings.add(notice.message()); // reported with the others, at the end
                  }
                });
    SignatureStep signature = keys.isEmpty() ? null : SignatureStep.prepare(request, keys);
    ChecksumFile sums = request.checksums() == null ? null : ChecksumFile.read(request.checksums());
    ChecksumStep checksumStep =
        sums == null ? null : new ChecksumStep(sums, subject, inputsOf(request));
    if (signature != null) {
      warnings.addAll(signature.warnings());
    }

    // A directory or an uncompressed tar is indexed in place, so its blobs can join the pass.
    // A compressed bundle is unpacked only after its signature has been verified.
    Bundle bundle = null;
    boolean deferred = false;
    // validate() refuses a contents check without the bundle to check
    if (request.contents()) {
      if (opensInPlace(Objects.requireNonNull(subject))) {
        bundle = open(request);
      } else {
        deferred = true;
      }
    }
    ContentsCheck contents = bundle == null ? null : new ContentsCheck(bundle);

    FilePass.Result shared = null;
    if (subject != null && Files.isRegularFile(subject)) {
      FilePass pass = new FilePass(subject, "verify", listener);
      if (signature != null) {
        signature.register(pass);
      }
      if (checksumStep != null) {
        checksumStep.register(pass);
      }
      if (contents != null) {
        contents.addRangesTo(pass, subject);
      }
      if (!pass.isEmpty()) {
        shared = read(subject, pass::run);
      }
    }
    SignatureResult signatureResult = signature == null ? null : signature.evaluate(shared);
    FilePass.Result sharedResult = shared;
    ChecksumsResult checksumsResult =
        checksumStep == null
            ? null
            : read(request.checksums(), () -> checksumStep.run(sharedResult, listener));
    if (checksumsResult != null && !checksumsResult.extra().isEmpty()) {
      warnings.add(
          checksumsResult.extra().size()
              + " file(s) beside "
              + Objects.requireNonNull(request.checksums()).getFileName()
              + " are not listed in it, so nothing vouches for them: "
              + String.join(", ", checksumsResult.extra()));
    }

    ContentsResult contentsResult = null;
    if (request.contents()) {
      Path bundlePath = Objects.requireNonNull(subject);
      if (deferred
          && signatureResult != null
          && !VerificationReport.PASSED.equals(signatureResult.status())) {
        contentsResult =
            new ContentsResult(
                VerificationReport.NOT_RUN,
                bundlePath.toString(),
                0,
                0,
                List.of(),
                List.of(),
                "not run: the signature failed, so the compressed bundle was not unpacked");
      } else {
        if (contents == null) {
          bundle = open(request);
          contents = new ContentsCheck(bundle);
        }
        ContentsCheck check = contents;
        ContentsCheck.Outcome outcome =
            read(bundlePath, () -> check.finish(sharedResult, listener));
        contentsResult = contentsResult(bundlePath, outcome);
      }
    }
    for (String w : warnings) {
      listener.onEvent(Notice.warning(w));
    }
    return report(
        request, keys, shared, signatureResult, checksumsResult, contentsResult, warnings);
  }

  private static ContentsResult contentsResult(Path subject, ContentsCheck.Outcome o) {
    String message = null;
    if (!o.bad().isEmpty()) {
      ContentsCheck.BadBlob first = o.bad().get(0);
      message =
          "Contents check failed: "
              + o.bad().size()
              + " of "
              + o.blobs()
              + " blobs do not match their digest. First: "
              + first.digest()
              + " of "
              + first.owner()
              + ", at "
              + first.path()
              + ", hashes to "
              + first.actual()
              + ".";
    } else if (!o.missing().isEmpty()) {
      message = "Contents check failed: " + String.join("; ", o.missing()) + ".";
    }
    return new ContentsResult(
        o.passed() ? VerificationReport.PASSED : VerificationReport.FAILED,
        subject.toString(),
        o.blobs(),
        o.bytes(),
        o.bad(),
        o.missing(),
        message);
  }

  private VerificationReport report(
      VerificationRequest request,
      List<TrustedKey> keys,
      FilePass.@Nullable Result shared,
      @Nullable SignatureResult signature,
      @Nullable ChecksumsResult checksums,
      @Nullable ContentsResult contents,
      List<String> warnings) {
    List<String> checked = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    boolean failed = false;
    if (signature != null) {
      checked.add("signature");
      failed |= !VerificationReport.PASSED.equals(signature.status());
      if (VerificationReport.PASSED.equals(signature.status())) {
        parts.add(
            "signature ("
                + signature.scheme()
                + ", key "
                + Objects.requireNonNull(signature.key()).fingerprint()
                + ")");
      }
    }
    if (checksums != null) {
      checked.add("checksums");
      failed |= !VerificationReport.PASSED.equals(checksums.status());
      parts.add(checksums.passed() + " of " + checksums.listed() + " checksums");
    }
    if (contents != null) {
      checked.add("contents");
      failed |= !VerificationReport.PASSED.equals(contents.status());
      if (!VerificationReport.NOT_RUN.equals(contents.status())) {
        parts.add(contents.blobs() + " blobs (" + Sizes.human(contents.bytes()) + ")");
      }
    }
    String verdict = failed ? VerificationReport.FAILED : VerificationReport.PASSED;
    String summary =
        (failed ? "FAILED: " : "Verified OK: ")
            + (failed
                ? String.join(" ", failures(signature, checksums, contents))
                : String.join(", ", parts));
    Path subject = request.subject();
    return new VerificationReport(
        verdict,
        summary,
        subject == null ? null : subject.toString(),
        shared == null ? null : shared.size(),
        checked,
        keys.stream().map(KeyInfo::of).toList(),
        signature,
        checksums,
        contents,
        false,
        warnings);
  }

  private static List<String> failures(
      @Nullable SignatureResult signature,
      @Nullable ChecksumsResult checksums,
      @Nullable ContentsResult contents) {
    List<String> out = new ArrayList<>();
    if (signature != null && signature.message() != null) {
      out.add(signature.message());
    }
    if (checksums != null && checksums.message() != null) {
      out.add(checksums.message());
    }
    if (contents != null && VerificationReport.FAILED.equals(contents.status())) {
      out.add(contents.message());
    }
    return out;
  }

  private VerificationReport skipped(VerificationRequest request) {
    String warning =
        "Verification skipped on request: nothing proves "
            + (request.subject() == null ? "the input" : request.subject().toString())
            + " is what its vendor made. This is recorded in the report.";
    listener.onEvent(Notice.warning(warning));
    return new VerificationReport(
        VerificationReport.SKIPPED,
        "Verification SKIPPED on request.",
        request.subject() == null ? null : request.subject().toString(),
        null,
        List.of(),
        List.of(),
        null,
        null,
        null,
        true,
        List.of(warning));
  }

  private Bundle open(VerificationRequest request)
      throws BadInputException, InterruptedIOException {
    Path workDir = BundleOpener.workDirOrDefault(request.workDir());
    return new BundleOpener(workDir, listener).open(Objects.requireNonNull(request.subject()));
  }

  private static boolean opensInPlace(Path subject) throws BadInputException {
    if (Files.isDirectory(subject)) {
      return true;
    }
    try {
      return Compression.of(subject) == Compression.NONE;
    } catch (IOException e) {
      throw new BadInputException("Cannot read " + subject + ": " + e.getMessage(), null, e);
    }
  }

  private static Set<Path> inputsOf(VerificationRequest request) {
    Set<Path> inputs = new HashSet<>();
    for (Path p :
        new Path[] {
          request.keys(), request.signature(), request.sigstoreBundle(), request.subject()
        }) {
      if (p != null) {
        inputs.add(p);
      }
    }
    if (request.subject() != null && request.keys() != null && request.inlineSignature() == null) {
      inputs.add(request.signatureFile());
    }
    return inputs;
  }

  /** Work that reads files; read errors become one clear message, interruption stays itself. */
  private interface Reading<T> {
    T run() throws IOException;
  }

  private static <T> T read(@Nullable Path what, Reading<T> work)
      throws BadInputException, InterruptedIOException {
    try {
      return work.run();
    } catch (InterruptedIOException | ClosedByInterruptException e) {
      InterruptedIOException i = new InterruptedIOException("interrupted");
      i.initCause(e);
      throw i;
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read " + what + " to verify it: " + e.getMessage(),
          "Check the file and the disk; a file cut short must be fetched again.",
          e);
    }
  }
}
