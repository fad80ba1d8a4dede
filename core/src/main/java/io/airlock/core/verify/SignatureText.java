package io.airlock.core.verify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a detached signature the way cosign does: standard base64 (padding required) in which CR
 * and LF are skipped wherever they are, so a trailing newline or a Windows line end is fine; and,
 * when the text is not base64, the bytes themselves taken as a raw binary signature.
 *
 * @param bytes the signature
 * @param base64 true when it was base64 text, false when taken raw
 * @param notBase64 why the text is not base64, when it is not; null otherwise
 */
public record SignatureText(byte[] bytes, boolean base64, @Nullable String notBase64) {

  public SignatureText {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public static SignatureText decode(byte[] text) {
    ByteArrayOutputStream stripped = new ByteArrayOutputStream(text.length);
    for (byte b : text) {
      if (b != '\r' && b != '\n') {
        stripped.write(b);
      }
    }
    byte[] s = stripped.toByteArray();
    String problem = base64Problem(s);
    if (problem == null) {
      return new SignatureText(Base64.getDecoder().decode(s), true, null);
    }
    return new SignatureText(text, false, problem);
  }

  /** Null when Go's base64.StdEncoding accepts the text, else a short reason. */
  private static @Nullable String base64Problem(byte[] s) {
    int padding = 0;
    for (int i = 0; i < s.length; i++) {
      int c = s[i] & 0xff;
      boolean alphabet =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      if (c == '=') {
        padding++;
      } else if (!alphabet || padding > 0) {
        return "byte "
            + (i + 1)
            + " is "
            + describe(c)
            + (padding > 0 && alphabet ? " after the '=' padding" : "");
      }
    }
    if (padding > 2 || s.length % 4 != 0) {
      return "its length (" + s.length + " characters without line ends) is not a multiple of 4";
    }
    try {
      Base64.getDecoder().decode(s);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String describe(int c) {
    if (c >= 0x21 && c < 0x7f) {
      return "'" + new String(new byte[] {(byte) c}, StandardCharsets.US_ASCII) + "'";
    }
    return String.format(Locale.ROOT, "0x%02x", c);
  }
}
