package io.airlock.cli;

import io.airlock.core.AtomicFiles;
import io.airlock.core.BadInputException;
import io.airlock.core.Sizes;
import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.signing.BlobSigner;
import io.airlock.core.signing.PrivateKeyReader;
import io.airlock.core.signing.SigningKey;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock sign}: a detached signature in cosign's format, for people who make bundles. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Signs FILE as 'cosign sign-blob --key' does and writes the base64 signature to FILE.sig.",
      "Streams the file, so a bundle of any size signs in flat memory. The key is the NAME.key",
      "of 'airlock keygen' or 'cosign generate-key-pair' (or an unencrypted openssl PEM key)."
    })
final class SignCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The file to sign, e.g. the bundle.")
  Path file;

  @Option(names = "--key", required = true, paramLabel = "KEY", description = "The private key.")
  Path key;

  @Option(
      names = "--output-signature",
      paramLabel = "SIG",
      description = "Where to write the signature (default: FILE.sig).")
  Path output;

  @Option(
      names = "--signature-digest-algorithm",
      paramLabel = "HASH",
      description = {
        "sha256, sha384 or sha512 for ECDSA/RSA. Default: the key's own (SHA-384 for P-384,",
        "SHA-512 for P-521, else SHA-256); sha256 suits cosign before v3.2 without flags."
      })
  String digestAlgorithm;

  @Mixin KeyPassword keyPassword = new KeyPassword();

  @Override
  public Integer call() throws Exception {
    HashAlgorithm pinned = VerifyCommand.hashOption(digestAlgorithm);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(
          "The file to sign, "
              + file
              + ", "
              + (Files.exists(file) ? "is not a file." : "does not exist."),
          "Sign one file; for a directory, sign its checksum list (sha512sum * > checksums.txt).");
    }
    SigningKey signingKey = PrivateKeyReader.read(key, keyPassword.source());
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, false);
    BlobSigner.Signed signed;
    try {
      signed = new BlobSigner(progress).sign(file, signingKey, pinned);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read " + file + " to sign it: " + e.getMessage(), null, e);
    } finally {
      progress.endLine();
    }
    Path target = output != null ? output : Path.of(file + ".sig");
    write(target, Base64.getEncoder().encodeToString(signed.signature()));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Signature written to " + target);
    out.println("Signed       " + file + " (" + Sizes.human(signed.size()) + ")");
    out.println("Algorithm    " + signed.scheme());
    out.println("Key          " + signingKey.publicKey().fingerprint());
    out.flush();
    return ExitCodes.OK;
  }

  /** Temp file + rename: a signature file is never half-written. */
  private static void write(Path target, String base64) throws BadInputException {
    try {
      AtomicFiles.write(target, base64.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the signature " + target + ": " + e.getMessage(),
          "Check that the directory is writable, or choose --output-signature.",
          e);
    }
  }
}
