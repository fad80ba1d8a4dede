package io.airlock.core.verify;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads an ECDSA signature in ASN.1 DER (SEQUENCE of two INTEGERs) as strictly as Go's {@code
 * ecdsa.VerifyASN1}: minimal lengths and integers, positive numbers, nothing before or after. Tells
 * a truncated signature apart from one that is simply not DER.
 */
final class EcdsaDer {

  /** The two numbers of a signature, or why the bytes are not one. */
  record Parsed(
      @Nullable BigInteger r, @Nullable BigInteger s, @Nullable String problem, boolean truncated) {
    boolean ok() {
      return problem == null;
    }
  }

  private final byte[] in;
  private int pos;

  private EcdsaDer(byte[] in) {
    this.in = in;
  }

  static Parsed parse(byte[] der) {
    EcdsaDer p = new EcdsaDer(der);
    try {
      int seqLength = p.header(0x30, "a SEQUENCE");
      int seqEnd = p.pos + seqLength;
      if (seqEnd < der.length) {
        return failed((der.length - seqEnd) + " bytes follow the DER signature", false);
      }
      BigInteger r = p.integer("r");
      BigInteger s = p.integer("s");
      if (p.pos != seqEnd) {
        return failed("the DER SEQUENCE holds more than two numbers", false);
      }
      return new Parsed(r, s, null, false);
    } catch (Truncated e) {
      return failed(e.getMessage(), true);
    } catch (IllegalArgumentException e) {
      return failed(e.getMessage(), false);
    }
  }

  /**
   * True when Go's lenient {@code encoding/asn1} reads the bytes as a SEQUENCE starting with two
   * INTEGERs: what sigstore's ECDSA verifier tries first. Unlike DER it ignores anything after the
   * two numbers and after the SEQUENCE, and allows negative numbers; sigstore then fails such a
   * signature instead of reading it as IEEE P1363 r||s.
   */
  static boolean goAsn1Parses(byte[] in) {
    int[] at = {0};
    int seq = goHeader(in, at, 0x30, in.length);
    if (seq < 0) {
      return false;
    }
    int end = at[0] + seq;
    for (int i = 0; i < 2; i++) {
      int length = goHeader(in, at, 0x02, end);
      if (length <= 0) {
        return false;
      }
      int p = at[0];
      if (length > 1
          && ((in[p] == 0 && (in[p + 1] & 0x80) == 0)
              || (in[p] == (byte) 0xff && (in[p + 1] & 0x80) != 0))) {
        return false; // Go: integer not minimally-encoded
      }
      at[0] += length;
    }
    return true;
  }

  /** Go's parseTagAndLength for one expected tag; the content length, or -1. */
  private static int goHeader(byte[] in, int[] at, int tag, int end) {
    int p = at[0];
    if (p + 2 > end || (in[p] & 0xff) != tag) {
      return -1;
    }
    int first = in[p + 1] & 0xff;
    p += 2;
    int length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7f;
      if (count == 0) {
        return -1; // indefinite length
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        if (p >= end || length >= 1 << 23) {
          return -1;
        }
        length = (length << 8) | (in[p++] & 0xff);
        if (length == 0) {
          return -1; // superfluous leading zeros
        }
      }
      if (length < 0x80) {
        return -1; // non-minimal length
      }
    }
    if (length > end - p) {
      return -1;
    }
    at[0] = p;
    return length;
  }

  /** Encodes (r, s) as DER, as Go's {@code ecdsa.SignASN1} and openssl do. */
  static byte[] encode(BigInteger r, BigInteger s) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (BigInteger n : new BigInteger[] {r, s}) {
      byte[] b = n.toByteArray(); // minimal two's complement: exactly a DER INTEGER's content
      body.write(0x02);
      body.write(b.length);
      body.writeBytes(b);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    if (body.size() > 127) {
      out.write(0x81);
    }
    out.write(body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static Parsed failed(@Nullable String problem, boolean truncated) {
    return new Parsed(null, null, problem, truncated);
  }

  private BigInteger integer(String name) {
    int length = header(0x02, "an INTEGER (" + name + ")");
    if (length == 0) {
      throw new IllegalArgumentException(name + " is empty");
    }
    if ((in[pos] & 0x80) != 0) {
      throw new IllegalArgumentException(name + " is negative");
    }
    if (length > 1 && in[pos] == 0 && (in[pos + 1] & 0x80) == 0) {
      throw new IllegalArgumentException(name + " has a needless leading zero (not DER)");
    }
    BigInteger value = new BigInteger(1, Arrays.copyOfRange(in, pos, pos + length));
    pos += length;
    return value;
  }

  /** Reads a tag and a minimal DER length; returns the length, checked against what is left. */
  private int header(int tag, String what) {
    if (pos >= in.length) {
      throw new Truncated("it ends where " + what + " should start");
    }
    if ((in[pos] & 0xff) != tag) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "byte %d is 0x%02x where %s should start",
              pos + 1,
              in[pos] & 0xff,
              what));
    }
    pos++;
    if (pos >= in.length) {
      throw new Truncated("it ends inside the DER header");
    }
    int first = in[pos++] & 0xff;
    int length;
    if (first < 0x80) {
      length = first;
    } else if (first == 0x81) {
      if (pos >= in.length) {
        throw new Truncated("it ends inside the DER header");
      }
      length = in[pos++] & 0xff;
      if (length < 0x80) {
        throw new IllegalArgumentException("a DER length is not minimal");
      }
    } else {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "the DER length byte 0x%02x is not valid for a signature", first));
    }
    int left = in.length - pos;
    if (length > left) {
      throw new Truncated(
          "its DER header announces " + length + " more bytes but only " + left + " are there");
    }
    return length;
  }

  private static final class Truncated extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Truncated(String message) {
      super(message);
    }
  }
}
