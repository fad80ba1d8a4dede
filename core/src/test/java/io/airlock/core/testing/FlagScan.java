package io.airlock.core.testing;

import io.airlock.core.Phrase;
import io.airlock.core.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds string literals in Java sources that name a command-line flag ({@code --listen}) or an
 * Airlock command ({@code airlock keygen}): words that belong to the command line, not to code the
 * wizard shows. Comments are passed over; other tools' flags are allowed.
 */
public final class FlagScan {

  private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");
  private static final Pattern COMMAND = Pattern.compile("\\bairlock [a-z]");

  /** Other tools' flags may be named: the user runs those tools, not Airlock. */
  private static final Pattern OTHER_TOOL =
      Pattern.compile("\\b(tar|cosign|skopeo|openssl|kubectl|talosctl)\\b");

  private FlagScan() {}

  /**
   * Phrases with each setting worded as a flag of its name ({@code STORAGE_CLASS}: {@code
   * --storage-class}), as the command line words most of them.
   */
  public static List<String> flags(List<Phrase> phrases) {
    return Phrase.render(phrases, FlagScan::flag);
  }

  /** A setting worded as a flag of its name. */
  public static String flag(Setting setting) {
    return "--" + setting.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Every literal under {@code sources} naming a flag or a command, as {@code file:line: literal},
   * except those {@code allowed} matches.
   */
  public static List<String> literals(Path sources, Pattern allowed) throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : files) {
      String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.startsWith("//") || line.startsWith("*")) {
          continue;
        }
        Matcher m = LITERAL.matcher(lines[i]);
        while (m.find()) {
          String literal = m.group();
          boolean flag = FLAG.matcher(literal).find() && !OTHER_TOOL.matcher(literal).find();
          if ((flag || COMMAND.matcher(literal).find()) && !allowed.matcher(literal).find()) {
            found.add(file + ":" + (i + 1) + ": " + literal);
          }
        }
      }
    }
    return found;
  }
}
