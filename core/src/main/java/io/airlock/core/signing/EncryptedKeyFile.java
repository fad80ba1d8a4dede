package io.airlock.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import io.airlock.core.keys.Pem;
import io.airlock.core.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * cosign's encrypted private key: PEM {@code ENCRYPTED SIGSTORE PRIVATE KEY} (or the older {@code
 * ENCRYPTED COSIGN PRIVATE KEY}) around the JSON of go-securesystemslib's {@code encrypted}
 * package: {@code {"kdf":{"name":"scrypt","params":{"N":..,"r":8,"p":1},"salt":..},
 * "cipher":{"name":"nacl/secretbox","nonce":..},"ciphertext":..}}, the plaintext being the PKCS#8
 * DER of the key. Only the scrypt parameter sets that package writes are accepted, so a tampered
 * file cannot make Airlock spend unbounded memory.
 */
public final class EncryptedKeyFile {

  public static final String PEM_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
  public static final String LEGACY_PEM_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";

  /** go-securesystemslib's "standard" parameters, which cosign writes today. */
  static final int WRITE_N = 65536;

  private static final Set<Integer> ACCEPTED_N = Set.of(32768, 65536, 131072);
  private static final int R = 8;
  private static final int P = 1;
  private static final int SALT_BYTES = 32;

  private EncryptedKeyFile() {}

  /** Encrypts a PKCS#8 key and returns the PEM text cosign reads. */
  public static String encrypt(byte[] pkcs8, byte[] password) {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[SecretBox.NONCE_BYTES];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] key = SCrypt.generate(password, salt, WRITE_N, R, P, SecretBox.KEY_BYTES);
    byte[] box = SecretBox.seal(pkcs8, nonce, key);
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode kdf = root.putObject("kdf");
    kdf.put("name", "scrypt");
    ObjectNode params = kdf.putObject("params");
    params.put("N", WRITE_N);
    params.put("r", R);
    params.put("p", P);
    kdf.put("salt", b64.encodeToString(salt));
    ObjectNode cipher = root.putObject("cipher");
    cipher.put("name", "nacl/secretbox");
    cipher.put("nonce", b64.encodeToString(nonce));
    root.put("ciphertext", b64.encodeToString(box));
    byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
    return Pem.encode(PEM_TYPE, json);
  }

  /**
   * Decrypts the JSON content of the PEM block.
   *
   * @param file names the key in messages
   * @return the PKCS#8 DER of the private key
   * @throws BadInputException for a wrong password or a damaged file
   */
  public static byte[] decrypt(Path file, byte[] json, byte[] password) throws BadInputException {
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw damaged(file, "its content is " + e.getMessage());
    }
    JsonNode kdf = root.path("kdf");
    JsonNode params = kdf.path("params");
    if (!"scrypt".equals(kdf.path("name").asText())) {
      throw damaged(file, "its key derivation is '" + kdf.path("name").asText() + "', not scrypt");
    }
    if (!"nacl/secretbox".equals(root.path("cipher").path("name").asText())) {
      throw damaged(
          file,
          "its cipher is '" + root.path("cipher").path("name").asText() + "', not nacl/secretbox");
    }
    int n = params.path("N").asInt();
    if (!ACCEPTED_N.contains(n) || params.path("r").asInt() != R || params.path("p").asInt() != P) {
      throw damaged(
          file,
          "its scrypt parameters (N="
              + n
              + ", r="
              + params.path("r").asInt()
              + ", p="
              + params.path("p").asInt()
              + ") are not ones cosign writes");
    }
    byte[] salt = base64(file, kdf.path("salt"), "salt");
    byte[] nonce = base64(file, root.path("cipher").path("nonce"), "nonce");
    byte[] box = base64(file, root.path("ciphertext"), "ciphertext");
    if (nonce.length != SecretBox.NONCE_BYTES) {
      throw damaged(file, "its nonce has " + nonce.length + " bytes, not 24");
    }
    byte[] key = SCrypt.generate(password, salt, n, R, P, SecretBox.KEY_BYTES);
    byte[] plain = SecretBox.open(box, nonce, key);
    if (plain == null) {
      throw new BadInputException(
              Phrase.of("Wrong password for the private key ", file, " (it does not decrypt)."),
              Phrase.of(
                  "Give the password the key was made with, in COSIGN_PASSWORD or through ",
                  Setting.KEY_PASSWORD,
                  "."))
          .coded("key.wrong-password");
    }
    return plain;
  }

  private static byte[] base64(Path file, JsonNode node, String field) throws BadInputException {
    try {
      return Base64.getDecoder().decode(node.asText(""));
    } catch (IllegalArgumentException e) {
      throw damaged(file, "its " + field + " is not base64");
    }
  }

  private static BadInputException damaged(Path file, String why) {
    return new BadInputException(
        Phrase.of("Cannot read the encrypted private key ", file, ": ", why, "."),
        Phrase.of(
            "The key file is damaged; use the one ",
            Setting.KEYGEN,
            " or 'cosign generate-key-pair' wrote."));
  }
}
