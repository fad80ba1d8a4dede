package io.airlock.installer.pki;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.keys.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A registry server certificate the user brings instead of Airlock's own: checked before it is
 * trusted (key matches, chain verifies, valid now, names the service the proxy connects to).
 *
 * @param certificate the certificate, its intermediates and key
 * @param trust the root CA that signed it
 */
public record UserCertificate(IssuedCertificate certificate, X509Certificate trust) {

  /**
   * Loads and checks PEM files.
   *
   * @param requiredName a DNS name the certificate must carry (the in-cluster service name)
   */
  public static UserCertificate load(
      Path certFile, Path keyFile, Path caFile, String requiredName, Instant now)
      throws BadInputException {
    List<X509Certificate> chain = certificates(certFile, Setting.TLS_CERT);
    PrivateKey key;
    try {
      key = Pem.privateKey(read(keyFile, Setting.TLS_KEY));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          Phrase.of("The key file " + keyFile + " (", Setting.TLS_KEY, ") " + e.getMessage() + "."),
          Phrase.of(
              "Give the unencrypted PEM private key of the certificate (openssl pkey -in KEY -out plain.key)."));
    }
    List<X509Certificate> cas = certificates(caFile, Setting.TLS_CA);
    X509Certificate leaf = chain.get(0);
    X509Certificate root = cas.get(cas.size() - 1);
    if (!keyMatches(leaf.getPublicKey(), key)) {
      throw new BadInputException(
          "The key in " + keyFile + " does not belong to the certificate in " + certFile + ".",
          "Give the key the certificate was issued for (compare: openssl x509 -noout -pubkey -in CERT; openssl pkey -pubout -in KEY).");
    }
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw new BadInputException(
          Phrase.of(
              "The certificate in "
                  + certFile
                  + " expired on "
                  + leaf.getNotAfter().toInstant()
                  + "."),
          Phrase.of(
              "Ask for a renewed certificate, or leave out ",
              Setting.TLS_CERT,
              " to let Airlock issue one."));
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw new BadInputException(
          "The certificate in "
              + certFile
              + " is not valid before "
              + leaf.getNotBefore().toInstant()
              + ".",
          "Check this machine's clock, or the certificate's dates.");
    }
    if (!chainsTo(chain, cas)) {
      throw new BadInputException(
          Phrase.of(
              "The certificate in " + certFile + " is not signed by the CA in " + caFile + "."),
          Phrase.of(
              "Give the CA that issued it as ",
              Setting.TLS_CA,
              " (openssl verify -CAfile CA CERT must say OK)."));
    }
    SubjectNames names = Rotation.namesOf(leaf);
    if (!names.dnsNames().contains(requiredName)) {
      throw new BadInputException(
          Phrase.of(
              "The certificate in "
                  + certFile
                  + " does not name "
                  + requiredName
                  + ", which the node proxies connect to; it names "
                  + String.join(", ", names.dnsNames())
                  + "."),
          Phrase.of(
              "Have it issued with " + requiredName + " among its DNS names, or leave out ",
              Setting.TLS_CERT,
              "."));
    }
    return new UserCertificate(
        new IssuedCertificate(leaf, chain.subList(1, chain.size()), key), root);
  }

  private static List<X509Certificate> certificates(Path file, Setting option)
      throws BadInputException {
    try {
      return Pem.certificates(read(file, option));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          Phrase.of("The file " + file + " (", option, ") " + e.getMessage() + "."),
          Phrase.of("Give a PEM file that starts with -----BEGIN CERTIFICATE-----."));
    }
  }

  private static String read(Path file, Setting option) throws BadInputException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(
          Phrase.of("The file " + file + " (", option, ") does not exist."),
          Phrase.of("Check the path."),
          e);
    } catch (IOException e) {
      throw new BadInputException(
          Phrase.of("Cannot read " + file + " (", option, "): " + e.getMessage() + "."),
          Phrase.of("Check that the file is readable."),
          e);
    }
  }

  /** Signs a probe with the private key and verifies it with the certificate's public key. */
  static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
      return false;
    }
    try {
      String alg = KeyAlgorithm.signatureAlgorithmFor(privateKey);
      byte[] probe = "airlock key match".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(privateKey);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(publicKey);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean chainsTo(List<X509Certificate> chain, List<X509Certificate> cas) {
    for (int i = 0; i + 1 < chain.size(); i++) {
      if (!Rotation.signedBy(chain.get(i), chain.get(i + 1))) {
        return false;
      }
    }
    X509Certificate top = chain.get(chain.size() - 1);
    return cas.stream().anyMatch(ca -> Rotation.signedBy(top, ca) || top.equals(ca));
  }
}
