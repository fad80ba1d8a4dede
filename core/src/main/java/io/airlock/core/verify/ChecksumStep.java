package io.airlock.core.verify;

import io.airlock.core.digest.HashAlgorithm;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.verify.VerificationReport.ChecksumsResult;
import io.airlock.core.verify.VerificationReport.Mismatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The checksum-file part of a verification: every listed file is hashed once with every algorithm
 * its lines ask for; the signed file's lines share the signature's pass.
 */
final class ChecksumStep {

  private static final int LISTED_IN_MESSAGE = 5;

  private final ChecksumFile sums;
  private final @Nullable Path subject;
  private final Set<Path> inputs;

  /**
   * @param subject the file the shared pass reads, or null
   * @param inputs files of this verification (keys, signatures) not to report as extra
   */
  ChecksumStep(ChecksumFile sums, @Nullable Path subject, Set<Path> inputs) {
    this.sums = sums;
    this.subject = subject == null ? null : normal(subject);
    this.inputs = inputs;
  }

  /** Adds the signed file's lines to the shared pass over it. */
  void register(FilePass pass) {
    for (ChecksumFile.Entry e : sums.entries()) {
      if (resolve(e).equals(subject)) {
        pass.digest(e.algorithm());
      }
    }
  }

  ChecksumsResult run(FilePass.@Nullable Result shared, ProgressListener listener)
      throws IOException {
    Map<Path, List<ChecksumFile.Entry>> byFile = new LinkedHashMap<>();
    for (ChecksumFile.Entry e : sums.entries()) {
      byFile.computeIfAbsent(resolve(e), p -> new ArrayList<>()).add(e);
    }
    List<Mismatch> mismatched = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    int passed = 0;
    for (Map.Entry<Path, List<ChecksumFile.Entry>> f : byFile.entrySet()) {
      Path file = f.getKey();
      List<ChecksumFile.Entry> entries = f.getValue();
      Map<HashAlgorithm, byte[]> digests;
      if (file.equals(subject) && shared != null) {
        digests = shared.digests();
      } else if (!Files.isRegularFile(file)) {
        entries.forEach(e -> missing.add(e.name()));
        continue;
      } else {
        FilePass pass = new FilePass(file, "verify checksums", listener);
        entries.forEach(e -> pass.digest(e.algorithm()));
        digests = pass.run().digests();
      }
      for (ChecksumFile.Entry e : entries) {
        String actual = HexFormat.of().formatHex(digests.get(e.algorithm()));
        if (actual.equals(e.expectedHex())) {
          passed++;
        } else {
          mismatched.add(
              new Mismatch(e.name(), e.line(), e.algorithm().id(), e.expectedHex(), actual));
        }
      }
    }
    List<String> extra = extraFiles(byFile.keySet());
    boolean ok = mismatched.isEmpty() && missing.isEmpty();
    return new ChecksumsResult(
        ok ? VerificationReport.PASSED : VerificationReport.FAILED,
        sums.file().toString(),
        sums.entries().size(),
        passed,
        mismatched,
        missing,
        extra,
        ok ? null : message(mismatched, missing));
  }

  private String message(List<Mismatch> mismatched, List<String> missing) {
    StringBuilder m = new StringBuilder("Checksum check failed against " + sums.file() + ":");
    if (!mismatched.isEmpty()) {
      m.append(' ')
          .append(mismatched.size())
          .append(mismatched.size() == 1 ? " file does not match" : " files do not match")
          .append(" (");
      List<String> names = new ArrayList<>();
      for (Mismatch x : mismatched.subList(0, Math.min(LISTED_IN_MESSAGE, mismatched.size()))) {
        names.add(
            x.name()
                + " at line "
                + x.line()
                + ": "
                + x.algorithm()
                + " "
                + abbreviate(x.actual())
                + ", expected "
                + abbreviate(x.expected()));
      }
      m.append(String.join("; ", names)).append(more(mismatched.size())).append(')');
    }
    if (!missing.isEmpty()) {
      m.append(mismatched.isEmpty() ? " " : "; ")
          .append(missing.size())
          .append(missing.size() == 1 ? " listed file is missing (" : " listed files are missing (")
          .append(
              String.join(", ", missing.subList(0, Math.min(LISTED_IN_MESSAGE, missing.size()))))
          .append(more(missing.size()))
          .append(')');
    }
    return m.append('.').toString();
  }

  private static String more(int count) {
    return count > LISTED_IN_MESSAGE ? " and " + (count - LISTED_IN_MESSAGE) + " more" : "";
  }

  private static String abbreviate(String hex) {
    return hex.length() > 16 ? hex.substring(0, 16) + "..." : hex;
  }

  /** Files beside the checksum file it does not list; the verification's own inputs excepted. */
  private List<String> extraFiles(Set<Path> listed) throws IOException {
    Path dir = sums.directory();
    Set<Path> skip = new HashSet<>(listed);
    skip.add(normal(sums.file()));
    for (Path p : inputs) {
      skip.add(normal(p));
    }
    String base = sums.file().getFileName().toString();
    List<String> extra = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        String name = p.getFileName().toString();
        boolean companion =
            name.startsWith(base + ".")
                && (name.endsWith(".sig")
                    || name.endsWith(".sigstore.json")
                    || name.endsWith(".bundle")
                    || name.endsWith(".asc")
                    || name.endsWith(".pem"));
        if (Files.isRegularFile(p)
            && !name.startsWith(".")
            && !companion
            && !skip.contains(normal(p))) {
          extra.add(name);
        }
      }
    }
    return extra;
  }

  private Path resolve(ChecksumFile.Entry e) {
    return normal(sums.directory().resolve(e.name()));
  }

  static Path normal(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
