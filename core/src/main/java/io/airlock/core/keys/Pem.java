package io.airlock.core.keys;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.SmallFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * PEM in and out, the one codec for keys and certificates. Its rules for blocks a reader does not
 * expect:
 *
 * <ul>
 *   <li>{@link #firstBlock}: only the first block counts and text before it is ignored, as Go's
 *       {@code pem.Decode} reads cosign's key files; the caller judges its type.
 *   <li>{@link #certificates}: every block must be a certificate; anything else is refused, not
 *       skipped (a key in a certificate file is a mistake worth naming).
 *   <li>{@link #privateKey(String)}: the first block must be an unencrypted private key (PKCS#8,
 *       PKCS#1 RSA or SEC1 EC).
 * </ul>
 */
public final class Pem {

  private Pem() {}

  /** A block as Go's {@code pem.EncodeToMemory} writes it: 64-column base64, LF line ends. */
  public static String encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  public static String certificate(X509Certificate certificate) {
    return write(certificate);
  }

  /** PKCS#8 ({@code BEGIN PRIVATE KEY}), which Go, OpenSSL and the JDK all read. */
  public static String privateKey(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null).generate());
    } catch (PemGenerationException e) {
      throw new IllegalStateException("cannot encode a private key Airlock made", e);
    }
  }

  private static String write(Object o) {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s.toString();
  }

  /**
   * The first PEM block, as Go's pem.Decode finds it (text before it is ignored).
   *
   * @param what names the kind of file in messages, e.g. "public key"
   */
  public static PemObject firstBlock(Path file, byte[] bytes, String what)
      throws BadInputException {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    PemObject pem;
    try (PemReader reader = new PemReader(new StringReader(text))) {
      pem = reader.readPemObject();
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(
          file + " is not a valid PEM file: " + e.getMessage() + ".",
          "A " + what + " file is text starting with a '-----BEGIN ...-----' line.",
          e);
    }
    if (pem == null) {
      String hint =
          text.startsWith("ssh-")
              ? "This is an OpenSSH key; cosign keys are PEM: ssh-keygen -e -m PKCS8 -f " + file
              : "A " + what + " file is text starting with a '-----BEGIN ...-----' line.";
      throw new BadInputException(file + " holds no PEM block, so it is not a " + what + ".", hint);
    }
    return pem;
  }

  /** PEM files of certificates and keys are small; a larger one is not what it should be. */
  private static final int MAX_PEM_FILE = 1 << 20;

  /**
   * Every certificate in a PEM file, by the rules of {@link #certificates(String)}.
   *
   * @param name names the file in messages, e.g. "the CA file /x/ca.pem"
   */
  public static List<X509Certificate> certificates(Path file, Phrase name, Phrase hint)
      throws BadInputException {
    return read(file, "certificate", name, hint, Pem::certificates);
  }

  /**
   * The private key in a PEM file, by the rules of {@link #privateKey(String)}.
   *
   * @param name names the file in messages, e.g. "the TLS key /x/key.pem"
   */
  public static PrivateKey privateKey(Path file, Phrase name, Phrase hint)
      throws BadInputException {
    return read(file, "private key", name, hint, Pem::privateKey);
  }

  /** Reads a small PEM file and parses it; a refusal names the file and says why. */
  private static <T> T read(
      Path file, String what, Phrase name, Phrase hint, Function<String, T> parse)
      throws BadInputException {
    String text = new String(SmallFiles.read(file, what, MAX_PEM_FILE), US_ASCII);
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(name.then(" ", e.getMessage(), "."), hint, e);
    }
  }

  /**
   * Every certificate in a PEM text, in order.
   *
   * @throws IllegalArgumentException when the text holds none or a block is not a certificate; the
   *     message completes "The file ... "
   */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = p.readObject()) != null) {
        if (!(o instanceof X509CertificateHolder h)) {
          throw new IllegalArgumentException(
              "holds " + describe(o) + " where a certificate was expected");
        }
        out.add(new JcaX509CertificateConverter().getCertificate(h));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("is not valid PEM (" + e.getMessage() + ")", e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("holds a certificate that cannot be read", e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("holds no PEM certificate (BEGIN CERTIFICATE)");
    }
    return out;
  }

  /**
   * The one private key in a PEM text (unencrypted PKCS#8, PKCS#1 RSA or SEC1 EC).
   *
   * @throws IllegalArgumentException when there is none, or it is encrypted; the message completes
   *     "The file ... "
   */
  public static PrivateKey privateKey(String pem) {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (o == null) {
        throw new IllegalArgumentException("holds no PEM private key");
      }
      throw new IllegalArgumentException(
          "holds " + describe(o) + " where an unencrypted private key was expected");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "is not a valid PEM private key (" + e.getMessage() + ")", e);
    }
  }

  private static String describe(Object o) {
    String name = o.getClass().getSimpleName();
    if (name.contains("Encrypted")) {
      return "an encrypted private key";
    }
    if (o instanceof X509CertificateHolder) {
      return "a certificate";
    }
    if (o instanceof PEMKeyPair || o instanceof PrivateKeyInfo) {
      return "a private key";
    }
    return "a " + name;
  }
}
