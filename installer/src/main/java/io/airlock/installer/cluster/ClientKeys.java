package io.airlock.installer.cluster;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.keys.Pem;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Hands Fabric8 a kubeconfig's client key in a form it reads. Fabric8 7.5 takes the key's algorithm
 * from its PEM header alone ("EC PRIVATE KEY" is EC, anything else RSA) and reads the first PEM
 * block: a PKCS#8 EC key ("PRIVATE KEY", as {@code openssl genpkey} and cert-manager write it)
 * fails with "Invalid DER: object is not integer", and so does a key after an "EC PARAMETERS" block
 * ({@code openssl ecparam -genkey}); kubectl takes both. So the algorithm is read from the key
 * itself (told "EC", Fabric8 reads PKCS#8 with the JDK's EC KeyFactory: no conversion needed), and
 * Fabric8 gets the key's block alone. Fabric8 loads only RSA and EC keys: another type (Ed25519,
 * ...) is refused here with a message instead of its stack trace.
 */
final class ClientKeys {

  private ClientKeys() {}

  /** Names for the PKCS#8 key types Fabric8 cannot load. */
  private static final Map<ASN1ObjectIdentifier, String> OTHER_TYPES =
      Map.of(
          EdECObjectIdentifiers.id_Ed25519, "Ed25519",
          EdECObjectIdentifiers.id_Ed448, "Ed448",
          EdECObjectIdentifiers.id_X25519, "X25519",
          EdECObjectIdentifiers.id_X448, "X448",
          PKCSObjectIdentifiers.id_RSASSA_PSS, "RSA-PSS",
          X9ObjectIdentifiers.id_dsa, "DSA");

  /**
   * Sets the client key's algorithm (and, when other PEM blocks come first, its data) in {@code
   * config}; a key it cannot read is left to Fabric8, which reports it.
   *
   * @param where the kubeconfig and context, for messages, e.g. "The kubeconfig F (context 'c')"
   */
  static void adapt(Config config, String where) throws BadInputException {
    String pem = pem(config);
    List<PemObject> blocks = pem == null ? List.of() : blocks(pem);
    int at = 0;
    while (at < blocks.size() && !blocks.get(at).getType().endsWith("PRIVATE KEY")) {
      at++;
    }
    if (at == blocks.size()) {
      return;
    }
    PemObject key = blocks.get(at);
    String algorithm;
    switch (key.getType()) {
      case "EC PRIVATE KEY" -> algorithm = "EC";
      case "RSA PRIVATE KEY" -> algorithm = "RSA";
      case "PRIVATE KEY" -> {
        ASN1ObjectIdentifier oid;
        try {
          oid =
              PrivateKeyInfo.getInstance(key.getContent()).getPrivateKeyAlgorithm().getAlgorithm();
        } catch (RuntimeException e) {
          return; // not PKCS#8 after all
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
          algorithm = "EC";
        } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
          algorithm = "RSA";
        } else {
          throw unusable(where, config, OTHER_TYPES.getOrDefault(oid, "OID " + oid));
        }
      }
      default -> {
        return; // encrypted, or unknown: Fabric8 reports it
      }
    }
    config.setClientKeyAlgo(algorithm);
    if (at > 0) {
      // Fabric8 would read the block before it.
      config.setClientKeyData(
          Base64.getEncoder()
              .encodeToString(
                  Pem.encode(key.getType(), key.getContent()).getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private static BadInputException unusable(String where, Config config, String type) {
    String user =
        config.getCurrentContext() == null || config.getCurrentContext().getContext() == null
            ? null
            : config.getCurrentContext().getContext().getUser();
    return new BadInputException(
        Phrase.of(
            where,
            " gives ",
            user == null ? "its user" : "user '" + user + "'",
            " a client key of type ",
            type,
            ", which Airlock's Kubernetes client (Fabric8) cannot use: it takes RSA and"
                + " ECDSA keys."),
        Phrase.of(
            "Issue that user an ECDSA (P-256) or RSA key and certificate, or give ",
            Setting.KUBECONFIG,
            " of a user with one (or with a token)."));
  }

  /** The PEM text of the client key, from the kubeconfig's data or its file; null if none. */
  private static String pem(Config config) {
    try {
      if (config.getClientKeyData() != null && !config.getClientKeyData().isBlank()) {
        return new String(
            Base64.getMimeDecoder().decode(config.getClientKeyData().trim()),
            StandardCharsets.US_ASCII);
      }
      if (config.getClientKeyFile() != null
          && Files.isRegularFile(Path.of(config.getClientKeyFile()))) {
        return Files.readString(Path.of(config.getClientKeyFile()), StandardCharsets.US_ASCII);
      }
    } catch (IllegalArgumentException | IOException e) {
      // unreadable: Fabric8 reports it
    }
    return null;
  }

  /**
   * The PEM blocks, in order; the key is the first whose type ends in "PRIVATE KEY", as kubectl
   * (Go's tls.X509KeyPair) takes it. None if the text is not PEM: Fabric8 reports it.
   */
  private static List<PemObject> blocks(String pem) {
    List<PemObject> out = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return out;
  }
}
