package io.airlock.core.verify;

import io.airlock.core.BadInputException;
import io.airlock.core.SmallFiles;
import io.airlock.core.digest.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checksum list as {@code sha256sum}, {@code sha384sum} and {@code sha512sum} write it: {@code
 * <hex> <name>} (text mode) or {@code <hex> *<name>} (binary mode), names with a backslash escape
 * when the line starts with one, and the BSD {@code --tag} form {@code SHA512 (<name>) = <hex>}.
 * The algorithm of each line comes from its digest's length. Windows line ends are tolerated.
 *
 * @param file the checksum file
 * @param entries its lines, in order
 */
public record ChecksumFile(Path file, List<Entry> entries) {

  static final int MAX_FILE = 16 * 1024 * 1024;

  private static final Pattern GNU = Pattern.compile("([0-9A-Za-z]+)[ \\t][ *]?(.+)");
  private static final Pattern TAG =
      Pattern.compile("(SHA256|SHA384|SHA512|SHA1|MD5) \\((.+)\\) = ([0-9A-Za-z]+)");

  /**
   * One line of the list.
   *
   * @param line its line number, from 1
   * @param name the file it names, relative to the checksum file's directory
   * @param expectedHex the digest it records, lower-case
   */
  public record Entry(int line, HashAlgorithm algorithm, String expectedHex, String name) {}

  public ChecksumFile {
    entries = List.copyOf(entries);
  }

  public Path directory() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  public static ChecksumFile read(Path file) throws BadInputException {
    byte[] bytes = SmallFiles.read(file, "checksum", MAX_FILE);
    return parse(file, new String(bytes, StandardCharsets.UTF_8));
  }

  public static ChecksumFile parse(Path file, String text) throws BadInputException {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isBlank()) {
        continue;
      }
      entries.add(parseLine(file, i + 1, line));
    }
    if (entries.isEmpty()) {
      throw new BadInputException(
          "The checksum file " + file + " lists no files.",
          "Make it with e.g. 'sha512sum * > checksums.txt' in the directory of the files.");
    }
    return new ChecksumFile(file, entries);
  }

  private static Entry parseLine(Path file, int number, String line) throws BadInputException {
    boolean escaped = line.startsWith("\\");
    String body = escaped ? line.substring(1) : line;
    String hex;
    String name;
    String tagName = null;
    Matcher tag = TAG.matcher(body);
    Matcher gnu = GNU.matcher(body);
    if (tag.matches()) {
      tagName = tag.group(1);
      name = tag.group(2);
      hex = tag.group(3);
    } else if (gnu.matches()) {
      hex = gnu.group(1);
      name = gnu.group(2);
    } else {
      throw malformed(file, number, line);
    }
    if (!hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw malformed(file, number, line);
    }
    HashAlgorithm algorithm =
        HashAlgorithm.fromHexLength(hex.length())
            .orElseThrow(() -> unsupported(file, number, hex.length()));
    if (tagName != null && !tagName.equalsIgnoreCase(algorithm.id())) {
      throw new BadInputException(
          where(file, number)
              + " says "
              + tagName
              + " but its digest has "
              + hex.length()
              + " hex digits, which is "
              + algorithm.displayName()
              + ".",
          "The checksum file is damaged; make it again.");
    }
    if (escaped) {
      name = unescape(name);
    }
    checkName(file, number, name);
    return new Entry(number, algorithm, hex.toLowerCase(Locale.ROOT), name);
  }

  /** GNU's escapes for names holding a backslash or a line end. */
  private static String unescape(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && i + 1 < name.length()) {
        char n = name.charAt(++i);
        out.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void checkName(Path file, int number, String name) throws BadInputException {
    boolean escapes =
        name.startsWith("/")
            || name.equals("..")
            || name.startsWith("../")
            || name.contains("/../")
            || name.endsWith("/..")
            || name.contains("\0");
    if (escapes) {
      throw new BadInputException(
          where(file, number)
              + " names "
              + name
              + ", outside the checksum file's directory; Airlock checks only files beside or"
              + " below it.",
          "List files by their names relative to the checksum file.");
    }
  }

  private static String where(Path file, int number) {
    return "Line " + number + " of the checksum file " + file;
  }

  private static BadInputException malformed(Path file, int number, String line) {
    String shown = line.length() > 80 ? line.substring(0, 77) + "..." : line;
    return new BadInputException(
        "The checksum file "
            + file
            + " is malformed at line "
            + number
            + ": expected '<hex digest>  <file name>' as sha256sum and sha512sum write it, found '"
            + shown
            + "'.",
        "Make the checksum file again, e.g. 'sha512sum * > checksums.txt'.");
  }

  private static BadInputException unsupported(Path file, int number, int digits) {
    String known =
        digits == 32 ? " (MD5)" : digits == 40 ? " (SHA-1)" : digits == 56 ? " (SHA-224)" : "";
    return new BadInputException(
        where(file, number)
            + " has a "
            + digits
            + "-digit digest"
            + known
            + "; Airlock checks SHA-256 (64 digits), SHA-384 (96) and SHA-512 (128) only.",
        known.isEmpty()
            ? "The line is damaged; make the checksum file again."
            : "MD5 and SHA-1 no longer prove anything; publish sha256sum or sha512sum lists.");
  }
}
