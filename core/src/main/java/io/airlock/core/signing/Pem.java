package io.airlock.core.signing;

import java.util.Base64;

/** Writes PEM blocks as Go's pem.EncodeToMemory does: 64-column base64, LF line ends. */
final class Pem {

  private Pem() {}

  static String encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
