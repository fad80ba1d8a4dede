package io.airlock.core.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The files that usually travel beside a signed file: its detached signature ({@code FILE.sig}), a
 * Sigstore bundle ({@code FILE.sigstore.json}) and a checksum list ({@code FILE.sha256} or a {@code
 * SHA256SUMS} that names it). Front ends offer them so nobody has to type the paths.
 *
 * @param signature the detached signature, or null
 * @param sigstoreBundle the Sigstore bundle, or null
 * @param checksums the checksum list, or null
 */
public record Companions(
    @Nullable Path signature, @Nullable Path sigstoreBundle, @Nullable Path checksums) {

  /** Lists larger than this are not read to see whether they name the file. */
  private static final long MAX_LIST_BYTES = 1 << 20;

  private static final List<String> OWN_SUFFIXES =
      List.of(".sha256", ".sha256sum", ".sha512", ".sha512sum");

  private static final List<String> SHARED_LISTS =
      List.of("SHA256SUMS", "SHA512SUMS", "sha256sums.txt", "sha512sums.txt", "checksums.txt");

  /** What lies beside {@code subject}; nothing for a directory or a file without a parent. */
  public static Companions find(Path subject) {
    Path absolute = subject.toAbsolutePath().normalize();
    Path dir = absolute.getParent();
    if (dir == null || absolute.getFileName() == null || !Files.isRegularFile(absolute)) {
      return new Companions(null, null, null);
    }
    String name = absolute.getFileName().toString();
    Path signature = existing(dir.resolve(name + ".sig"));
    Path sigstore = existing(dir.resolve(name + ".sigstore.json"));
    if (sigstore == null) {
      sigstore = existing(dir.resolve(name + ".sigstore"));
    }
    Path checksums = null;
    for (String suffix : OWN_SUFFIXES) {
      checksums = checksums != null ? checksums : existing(dir.resolve(name + suffix));
    }
    for (String list : SHARED_LISTS) {
      if (checksums == null) {
        Path candidate = existing(dir.resolve(list));
        if (candidate != null && names(candidate, name)) {
          checksums = candidate;
        }
      }
    }
    return new Companions(signature, sigstore, checksums);
  }

  private static @Nullable Path existing(Path p) {
    return Files.isRegularFile(p) ? p : null;
  }

  /** True when a checksum list has a line for {@code name} ("HEX name" or "HEX *name"). */
  private static boolean names(Path list, String name) {
    try {
      if (Files.size(list) > MAX_LIST_BYTES) {
        return false;
      }
      for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (t.endsWith(" " + name) || t.endsWith("*" + name) || t.endsWith("/" + name)) {
          return true;
        }
      }
      return false;
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // an unreadable list is simply not offered
    }
  }
}
