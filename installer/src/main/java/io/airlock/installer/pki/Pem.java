package io.airlock.installer.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM in and out, through BouncyCastle: certificates, and private keys in PKCS#8, PKCS#1 or SEC1
 * form.
 */
public final class Pem {

  private Pem() {}

  public static String certificate(X509Certificate certificate) {
    return write(certificate);
  }

  /** PKCS#8 ({@code BEGIN PRIVATE KEY}), which Go, OpenSSL and the JDK all read. */
  public static String privateKey(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null).generate());
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
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
   * Every certificate in a PEM text, in order.
   *
   * @throws IllegalArgumentException when the text holds none or a block is not a certificate
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
   * @throws IllegalArgumentException when there is none, or it is encrypted
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
