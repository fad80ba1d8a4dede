package io.airlock.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.airlock.core.BadInputException;
import io.airlock.core.Sizes;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.oci.Json;
import io.airlock.core.verify.Verification;
import io.airlock.core.verify.VerificationReport;
import io.airlock.core.verify.VerificationReport.KeyInfo;
import io.airlock.core.verify.VerificationRequest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock verify}: is this exactly what the vendor signed? */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies FILE offline before anything touches a cluster. Checks combine in one run and",
      "the file is read once:",
      "  --key: its detached signature, as 'cosign verify-blob --key KEY --signature FILE.sig'",
      "         does (or a Sigstore bundle with --bundle);",
      "  --checksums: every file a sha256sum/sha512sum list names;",
      "  --contents: every blob of the bundle FILE against its digest.",
      "Exit 0 verified, 1 a check failed, 2 unreadable input or usage error."
    })
final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "The signed file, e.g. the bundle (not needed for --checksums alone).")
  Path file;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "The vendor's public key (PEM), or a directory of trusted keys: any one may verify.")
  Path key;

  @Option(
      names = "--signature",
      paramLabel = "SIG",
      description =
          "The detached signature file, base64 or raw (default: FILE.sig); as with cosign, a"
              + " value naming no file may be the base64 signature itself.")
  String signature;

  @Option(
      names = "--bundle",
      paramLabel = "BUNDLE",
      description =
          "A Sigstore bundle (.sigstore.json) or cosign --bundle file holding the signature;"
              + " checked offline against --key.")
  Path bundle;

  @Option(
      names = "--checksums",
      paramLabel = "SUMS",
      description = "A sha256sum/sha384sum/sha512sum list; every file it names is checked.")
  Path checksums;

  @Option(names = "--contents", description = "Re-hash every blob of the bundle FILE.")
  boolean contents;

  @Option(
      names = "--signature-digest-algorithm",
      paramLabel = "HASH",
      description = {
        "Accept ECDSA/RSA signatures over this hash only: sha256, sha384 or sha512.",
        "Default: the key's own hash or SHA-256 (both cosign generations)."
      })
  String digestAlgorithm;

  @Option(names = "--json", description = "Print the verification report as JSON.")
  boolean json;

  @Option(
      names = "--insecure-skip-verify",
      description = "Check nothing; say so loudly and record it in the report.")
  boolean insecureSkipVerify;

  @Mixin BundleOptions bundleOptions = new BundleOptions();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path keys = key;
    if (keys == null && wantsSignature()) {
      keys = TrustAnchors.installed().orElse(null);
      if (keys != null) {
        err.println(TrustAnchors.notice(keys));
      }
    }
    VerificationRequest request =
        VerificationRequest.builder()
            .subject(file)
            .keys(keys)
            .signature(signatureFile())
            .inlineSignature(inlineSignature())
            .sigstoreBundle(bundle)
            .checksums(checksums)
            .contents(contents)
            .pinnedHash(hashOption(digestAlgorithm))
            .insecureSkipVerify(insecureSkipVerify)
            .workDir(bundleOptions.workDir)
            .build();
    ConsoleProgress progress = new ConsoleProgress(err, json);
    VerificationReport report;
    try {
      report = new Verification(progress).run(request);
    } finally {
      progress.endLine();
    }
    if (json) {
      out.println(
          Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      printHuman(report, out);
    }
    out.flush();
    if (report.failure().isPresent()) {
      throw report.failure().get();
    }
    return ExitCodes.OK;
  }

  /**
   * Without --key, whether a signature check is asked for: a signature or bundle named, the file's
   * .sig beside it, or no other check. Then the installation's built-in vendor keys check it.
   */
  private boolean wantsSignature() {
    if (file == null || insecureSkipVerify) {
      return false;
    }
    return signature != null
        || bundle != null
        || Files.exists(Path.of(file + ".sig"))
        || (checksums == null && !contents);
  }

  private boolean inline() {
    return signature != null
        && !Files.exists(Path.of(signature))
        && VerificationRequest.looksInline(signature);
  }

  private Path signatureFile() {
    return signature == null || inline() ? null : Path.of(signature);
  }

  private String inlineSignature() {
    return inline() ? signature : null;
  }

  static HashAlgorithm hashOption(String value) throws BadInputException {
    if (value == null) {
      return null;
    }
    return HashAlgorithm.fromId(value)
        .orElseThrow(
            () ->
                new BadInputException(
                    "Unknown --signature-digest-algorithm '" + value + "'.",
                    "Use sha256, sha384 or sha512."));
  }

  static void printHuman(VerificationReport r, PrintWriter out) {
    Table table = new Table("CHECK", "RESULT", "DETAIL");
    if (r.signature() != null) {
      var s = r.signature();
      table.add(
          "signature",
          s.status(),
          (s.scheme() != null ? s.scheme() + ", " : "") + s.source() + " (" + s.format() + ")");
    }
    if (r.checksums() != null) {
      var c = r.checksums();
      table.add(
          "checksums",
          c.status(),
          c.passed()
              + " of "
              + c.listed()
              + " files match "
              + c.file()
              + (c.mismatched().isEmpty() ? "" : ", " + c.mismatched().size() + " differ")
              + (c.missing().isEmpty() ? "" : ", " + c.missing().size() + " missing"));
    }
    if (r.contents() != null) {
      var c = r.contents();
      table.add(
          "contents",
          c.status(),
          VerificationReport.NOT_RUN.equals(c.status())
              ? c.message()
              : c.blobs()
                  + " blobs, "
                  + Sizes.human(c.bytes())
                  + (c.bad().isEmpty() ? "" : ", " + c.bad().size() + " bad"));
    }
    if (!r.checked().isEmpty()) {
      table.print(out);
    }
    KeyInfo used = r.signature() != null ? r.signature().key() : null;
    for (KeyInfo k : r.keys()) {
      if (used == null || k.path().equals(used.path()) || r.keys().size() == 1) {
        out.println("Key          " + k.path() + "  " + k.algorithm());
        out.println("Fingerprint  " + k.fingerprint());
      }
    }
    if (used == null && r.keys().size() > 1) {
      out.println("(" + r.keys().size() + " trusted keys offered, none verified)");
    }
    out.println(r.passed() || r.insecureSkipVerify() ? r.summary() : "Verification FAILED.");
  }
}
