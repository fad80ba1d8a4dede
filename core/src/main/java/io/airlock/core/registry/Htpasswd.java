package io.airlock.core.registry;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Users from an Apache htpasswd file, bcrypt entries only ({@code htpasswd -B}), as docker-registry
 * requires too. A bcrypt check costs tens of milliseconds on purpose; clients send credentials with
 * every request, so a successful check is remembered (by a hash of the header, never the password
 * itself) for the life of the process.
 */
public final class Htpasswd {

  private final Map<String, String> hashes;
  private final Map<Digest, String> verified = new ConcurrentHashMap<>();

  private Htpasswd(Map<String, String> hashes) {
    this.hashes = Map.copyOf(hashes);
  }

  public static Htpasswd load(Path file) throws BadInputException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read the htpasswd file " + file + ": " + e.getMessage(),
          "Create it with 'htpasswd -B -c FILE USER' (apt-get install apache2-utils).",
          e);
    }
    Map<String, String> hashes = new HashMap<>();
    int n = 0;
    for (String line : lines) {
      n++;
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw new BadInputException(
            file + " line " + n + " is not USER:HASH.",
            "Create the file with 'htpasswd -B -c FILE USER'.");
      }
      String user = l.substring(0, colon);
      String hash = l.substring(colon + 1);
      if (!hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
        throw new BadInputException(
            file + " line " + n + ": the password of " + user + " is not a bcrypt hash.",
            "Only bcrypt is accepted; set it again with 'htpasswd -B FILE " + user + "'.");
      }
      hashes.put(user, hash);
    }
    if (hashes.isEmpty()) {
      throw new BadInputException(
          "The htpasswd file " + file + " has no users.", "Add one with 'htpasswd -B FILE USER'.");
    }
    return new Htpasswd(hashes);
  }

  /** The user an {@code Authorization: Basic ...} header proves, if it proves one. */
  public Optional<String> authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String token = authorization.substring(6).trim();
    Digest key = Digest.sha256(token.getBytes(StandardCharsets.UTF_8));
    String known = verified.get(key);
    if (known != null) {
      return Optional.of(known);
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String user = decoded.substring(0, colon);
    String hash = hashes.get(user);
    if (hash == null) {
      return Optional.empty();
    }
    // $2y$ (Apache) and $2b$ are the same algorithm as $2a$ for every password that fits.
    boolean ok;
    try {
      ok = OpenBSDBCrypt.checkPassword(hash, decoded.substring(colon + 1).toCharArray());
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    if (!ok) {
      return Optional.empty();
    }
    verified.put(key, user);
    return Optional.of(user);
  }
}
