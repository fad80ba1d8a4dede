package io.airlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.keys.KeyType;
import io.airlock.core.testing.Openssl;
import io.airlock.core.testing.Openssl.Kind;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ECDSA signature encodings sigstore's verifier reads (pkg/signature/ecdsa.go, since sigstore
 * v1.8.3): ASN.1 DER, and, when the bytes are not ASN.1 at all, IEEE P1363 r||s of an even length
 * up to 132 bytes split in half. Bytes Go's lenient ASN.1 reader accepts but that are not DER fail:
 * sigstore does not fall back for them. Signatures are made by openssl, then re-encoded.
 */
class EcdsaEncodingTest {

  @TempDir static Path dir;
  static final Map<Kind, Openssl.KeyPair> keys = new EnumMap<>(Kind.class);
  static Path blob;

  @BeforeAll
  static void setUp() throws Exception {
    for (Kind kind : new Kind[] {Kind.P256, Kind.P384, Kind.P521}) {
      keys.put(kind, Openssl.generate(kind, dir));
    }
    blob = Files.writeString(dir.resolve("bundle.tar"), "the bytes the vendor signed\n");
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"P256", "P384", "P521"})
  void p1363OfEachCurveVerifies(Kind kind) throws Exception {
    int width = keyTypeOf(kind).fieldBytes();
    byte[] p1363 = toP1363(Openssl.sign(keys.get(kind), "sha256", blob), width);
    VerificationReport r = verify(kind, sig(kind + ".p1363.sig", p1363));
    assertTrue(r.passed(), r.summary());
    assertEquals(
        keyTypeOf(kind).displayName() + " with SHA-256 (IEEE P1363 r||s)", r.signature().scheme());
  }

  @Test
  void p1363IsSplitInHalfWhateverTheWidth() throws Exception {
    // Go's fallback takes any even length up to 132: 33-byte halves with a leading zero work.
    byte[] p1363 = toP1363(Openssl.sign(keys.get(Kind.P256), "sha256", blob), 33);
    assertEquals(66, p1363.length);
    assertTrue(verify(Kind.P256, sig("wide.sig", p1363)).passed());
  }

  @Test
  void p1363OfAnotherFileFailsAndSaysHowItWasRead() throws Exception {
    Path other = Files.writeString(dir.resolve("other.tar"), "something else\n");
    byte[] p1363 = toP1363(Openssl.sign(keys.get(Kind.P384), "sha256", other), 48);
    VerificationReport r = verify(Kind.P384, sig("other.sig", p1363));
    assertFailsSaying(
        r,
        "(the signature is not ASN.1, so it was read as IEEE P1363 r||s of 96 bytes, as"
            + " sigstore does).");
  }

  @Test
  void derWithTrailingBytesFailsBecauseGoReadsItAsAsn1() throws Exception {
    byte[] der = Openssl.sign(keys.get(Kind.P256), "sha256", blob);
    byte[] padded = Arrays.copyOf(der, der.length + 1); // one zero byte after the SEQUENCE
    assertTrue(EcdsaDer.goAsn1Parses(padded));
    VerificationReport r = verify(Kind.P256, sig("trailing.sig", padded));
    assertFailsSaying(
        r,
        ": the signature is ASN.1 but not a valid DER ECDSA signature: 1 bytes follow the"
            + " DER signature.");
  }

  @Test
  void derWithAThirdNumberFailsToo() throws Exception {
    byte[] der = Openssl.sign(keys.get(Kind.P256), "sha256", blob);
    byte[] body = Arrays.copyOfRange(der, 2, der.length);
    byte[] longer = new byte[der.length + 3];
    longer[0] = 0x30;
    longer[1] = (byte) (body.length + 3);
    System.arraycopy(body, 0, longer, 2, body.length);
    longer[longer.length - 3] = 0x02;
    longer[longer.length - 2] = 0x01;
    longer[longer.length - 1] = 0x05;
    assertTrue(EcdsaDer.goAsn1Parses(longer));
    assertFalse(verify(Kind.P256, sig("three.sig", longer)).passed());
  }

  @Test
  void goLenientReaderRefusesWhatGoRefuses() {
    assertFalse(EcdsaDer.goAsn1Parses(new byte[] {0x30, (byte) 0x80, 0x02, 0x01, 0x01}));
    assertFalse(EcdsaDer.goAsn1Parses(new byte[] {0x30, (byte) 0x81, 0x06})); // non-minimal
    assertFalse(EcdsaDer.goAsn1Parses(new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x00}));
    assertFalse(
        EcdsaDer.goAsn1Parses(new byte[] {0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01}));
    assertTrue(EcdsaDer.goAsn1Parses(new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, -1}));
  }

  @Test
  void tooLongForP1363IsRefusedWithBothReasons() throws Exception {
    byte[] junk = new byte[134];
    Arrays.fill(junk, (byte) 7);
    VerificationReport r = verify(Kind.P521, sig("junk.sig", junk));
    assertTrue(
        r.signature()
            .message()
            .endsWith(
                ": the signature is neither an ECDSA signature in ASN.1 DER (byte 1 is 0x07 where"
                    + " a SEQUENCE should start) nor IEEE P1363 r||s (an even number of bytes, at"
                    + " most 132)."),
        r.signature().message());
  }

  private static KeyType keyTypeOf(Kind kind) {
    return switch (kind) {
      case P256 -> KeyType.ECDSA_P256;
      case P384 -> KeyType.ECDSA_P384;
      default -> KeyType.ECDSA_P521;
    };
  }

  /** r||s, each left-padded to {@code width} bytes. */
  private static byte[] toP1363(byte[] der, int width) {
    EcdsaDer.Parsed parsed = EcdsaDer.parse(der);
    byte[] out = new byte[2 * width];
    put(parsed.r(), out, 0, width);
    put(parsed.s(), out, width, width);
    return out;
  }

  private static void put(BigInteger n, byte[] out, int off, int width) {
    byte[] b = n.toByteArray();
    int start = b[0] == 0 ? 1 : 0;
    System.arraycopy(b, start, out, off + width - (b.length - start), b.length - start);
  }

  /** The report fails the signature with a message that ends with {@code ending}. */
  private static void assertFailsSaying(VerificationReport r, String ending) {
    assertEquals(VerificationReport.FAILED, r.verdict());
    assertTrue(r.signature().message().endsWith(ending), r.signature().message());
  }

  private static Path sig(String name, byte[] bytes) throws Exception {
    return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(bytes));
  }

  private static VerificationReport verify(Kind kind, Path sig) throws Exception {
    return Verifications.run(
        VerificationRequest.builder()
            .subject(blob)
            .keys(keys.get(kind).publicKey())
            .signature(sig));
  }
}
