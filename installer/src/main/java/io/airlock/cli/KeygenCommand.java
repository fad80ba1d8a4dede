package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.core.signing.KeyPairs;
import io.airlock.core.signing.SigningAlgorithm;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock keygen}: a signing key pair for people who make bundles. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Makes a key pair for signing bundles: NAME.key, the private key encrypted in cosign's own",
      "format (cosign sign-blob reads it), and NAME.pub, the public key to publish.",
      "The password comes from --password-stdin, else COSIGN_PASSWORD, else a prompt."
    })
final class KeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--output-key-prefix",
      paramLabel = "NAME",
      defaultValue = "cosign",
      description = "Writes NAME.key and NAME.pub (default: ${DEFAULT-VALUE}); never overwrites.")
  String prefix;

  @Option(
      names = "--signing-algorithm",
      paramLabel = "ALG",
      defaultValue = "ecdsa-sha2-256-nistp256",
      description = {
        "Key kind, named as cosign names it (default: ${DEFAULT-VALUE}). One of:",
        "ecdsa-sha2-256-nistp256, ecdsa-sha2-384-nistp384, ecdsa-sha2-512-nistp521, ed25519,",
        "rsa-sign-pkcs1-2048-sha256, rsa-sign-pkcs1-3072-sha256, rsa-sign-pkcs1-4096-sha256."
      })
  String algorithm;

  @Mixin KeyPassword keyPassword = new KeyPassword();

  @Override
  public Integer call() throws Exception {
    SigningAlgorithm alg =
        SigningAlgorithm.fromFlag(algorithm)
            .orElseThrow(
                () ->
                    new BadInputException(
                        "Unknown --signing-algorithm '" + algorithm + "'.",
                        "Use one of: " + SigningAlgorithm.flags() + "."));
    byte[] password = keyPassword.source().password(true);
    PrintWriter err = spec.commandLine().getErr();
    if (password.length == 0) {
      Messages.printWarning(
          err, "the private key has an empty password: anyone who copies the file can sign.");
    }
    KeyPairs.Written written = KeyPairs.generate(prefix, alg, password);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Private key written to " + written.privateKey() + " (encrypted, keep it secret)");
    out.println("Public key written to  " + written.publicKey() + " (publish it)");
    out.println("Algorithm    " + written.key().algorithm());
    out.println("Fingerprint  " + written.key().fingerprint());
    out.flush();
    return ExitCodes.OK;
  }
}
