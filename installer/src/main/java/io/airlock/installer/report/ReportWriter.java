package io.airlock.installer.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.airlock.core.AtomicFiles;
import io.airlock.core.BadInputException;
import io.airlock.core.Sizes;
import io.airlock.core.UserDirs;
import io.airlock.core.oci.Json;
import io.airlock.core.verify.VerificationReport;
import io.airlock.installer.state.InstallState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Saves an {@link InstallReport} as {@code airlock-report-TIME.json} and {@code .md} side by side,
 * each written to a temporary file and renamed, so a report is whole or absent.
 */
public final class ReportWriter {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReportWriter() {}

  /** Where the two files went. */
  public record Written(Path json, Path markdown) {}

  /**
   * {@code $XDG_STATE_HOME/airlock/reports}, or {@code ~/.local/state/airlock/reports}; on Windows
   * {@code %LOCALAPPDATA%\airlock\reports}.
   */
  public static Path defaultDir() {
    return UserDirs.current().state("airlock", "reports");
  }

  public static Written write(InstallReport report, Path dir) throws BadInputException {
    Instant at = Instant.parse(report.createdAt());
    Path json;
    Path markdown;
    try {
      Files.createDirectories(dir);
      // Never over an earlier report (a cancelled run and its resume may end in the same
      // millisecond); the names still sort by time, which latest() relies on.
      do {
        String stamp = STAMP.format(at);
        json = dir.resolve("airlock-report-" + stamp + ".json");
        markdown = dir.resolve("airlock-report-" + stamp + ".md");
        at = at.plusMillis(1);
      } while (Files.exists(json) || Files.exists(markdown));
      byte[] jsonBytes =
          Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report);
      AtomicFiles.write(json, jsonBytes);
      AtomicFiles.write(markdown, markdown(report).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot save the report in " + dir + ": " + e.getMessage() + ".",
          "Check that the directory is writable and has space.",
          e);
    }
    return new Written(json, markdown);
  }

  /** The newest Markdown report in {@code dir}, if any. */
  public static Optional<Path> latest(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("airlock-report-.*\\.md"))
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The report for people. */
  public static String markdown(InstallReport r) {
    StringBuilder md = new StringBuilder();
    md.append("# Airlock installation report\n\n");
    md.append("- Outcome: **").append(r.outcome()).append("**\n");
    md.append("- When: ").append(r.createdAt()).append('\n');
    md.append("- Airlock: ").append(r.airlockVersion()).append("\n\n");
    if (r.bundle() != null) {
      InstallReport.BundleInfo b = r.bundle();
      md.append("## Bundle\n\n");
      md.append("- Path: `").append(b.path()).append("`\n");
      md.append("- Format: ").append(b.format());
      if (b.version() != null) {
        md.append(", version ").append(b.version());
      }
      md.append('\n');
      md.append("- ")
          .append(b.images())
          .append(" images, ")
          .append(b.charts())
          .append(" charts, ")
          .append(Sizes.human(b.sizeBytes()))
          .append("\n\n");
    }
    VerificationReport v = r.verification();
    if (v != null) {
      md.append("## Verification\n\n");
      md.append("- Verdict: **")
          .append(v.verdict())
          .append("**: ")
          .append(v.summary())
          .append('\n');
      for (VerificationReport.KeyInfo k : v.keys()) {
        md.append("- Key: `")
            .append(k.path())
            .append("` ")
            .append(k.algorithm())
            .append(", fingerprint `")
            .append(k.fingerprint())
            .append("`\n");
      }
      if (r.verificationConfirmation() != null) {
        md.append("- Confirmed by the person installing: ")
            .append(r.verificationConfirmation())
            .append('\n');
      }
      md.append('\n');
    }
    if (r.cluster() != null) {
      InstallReport.ClusterInfo c = r.cluster();
      md.append("## Cluster\n\n");
      md.append("- Server: ").append(c.server()).append(" (context ").append(c.context());
      md.append(", namespace ").append(c.namespace()).append(")\n");
      md.append("- Kubernetes ")
          .append(c.version())
          .append(", ")
          .append(c.distro())
          .append(", ")
          .append(c.ipFamilies())
          .append(", kube-proxy ")
          .append(c.kubeProxy())
          .append(", ")
          .append(c.nodes())
          .append(" node(s)\n\n");
    }
    if (r.mode() != null) {
      InstallReport.ModeInfo m = r.mode();
      md.append("## Registry\n\n");
      md.append("- Mode: ")
          .append(m.embedded() ? "embedded registry on this machine (external)" : m.mode())
          .append(" (")
          .append(m.why())
          .append(")\n");
      md.append("- Nodes pull from: ").append(m.registry()).append('\n');
      m.consents().forEach(c -> md.append("- Consented to: ").append(c).append('\n'));
      md.append('\n');
    }
    if (r.push() != null) {
      InstallReport.PushInfo p = r.push();
      md.append("## Push\n\n");
      md.append(
          String.format(
              Locale.ROOT,
              "%d pushed and %d already present in %s; %s sent in %.1f s (%d blobs uploaded, %d"
                  + " mounted).%n%n",
              p.pushed(),
              p.alreadyPresent(),
              p.target(),
              Sizes.human(p.sentBytes()),
              p.seconds(),
              p.blobsUploaded(),
              p.blobsMounted()));
      if (p.readBack()) {
        md.append(
            "Every digest below was read back from the registry after the push and matches the"
                + " bundle.\n\n");
      }
      md.append("| Source | Target | Digest | State |\n|---|---|---|---|\n");
      for (InstallReport.Artifact a : p.artifacts()) {
        md.append("| `")
            .append(a.name())
            .append("` | `")
            .append(a.target())
            .append("` | `")
            .append(a.digest())
            .append("` | ")
            .append(a.alreadyPresent() ? "present" : "pushed")
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!r.steps().isEmpty()) {
      md.append("## Steps\n\n| Step | State | Time | Detail |\n|---|---|---|---|\n");
      for (InstallReport.Step s : r.steps()) {
        md.append("| ")
            .append(s.name())
            .append(" | ")
            .append(s.status())
            .append(String.format(Locale.ROOT, " | %.1f s | ", s.seconds()))
            .append(s.detail().replace("|", "\\|").replace("\n", " "))
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!r.objects().isEmpty()) {
      md.append("## Cluster objects\n\n| Action | Object |\n|---|---|\n");
      for (InstallReport.ClusterObject o : r.objects()) {
        md.append("| ")
            .append(o.action())
            .append(" | ")
            .append(o.kind())
            .append(' ')
            .append(o.namespace() == null ? "" : o.namespace() + "/")
            .append(o.name())
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!r.releases().isEmpty()) {
      md.append(
          "## Helm releases\n\n| Release | Chart | Revision | State | Updated |\n|---|---|---|---|---|\n");
      for (InstallState.InstalledRelease h : r.releases()) {
        md.append("| ")
            .append(h.namespace())
            .append('/')
            .append(h.name())
            .append(" | ")
            .append(h.chart())
            .append(':')
            .append(h.version())
            .append(" | ")
            .append(h.revision())
            .append(" | ")
            .append(h.status())
            .append(" | ")
            .append(h.updatedAt())
            .append(" |\n");
      }
      md.append('\n');
    }
    section(md, "Notes", r.notes());
    if (!r.mirrors().isEmpty()) {
      md.append("## Node mirror configuration\n\n");
      for (InstallReport.MirrorFormatFiles f : r.mirrors()) {
        md.append("### ").append(f.format());
        if (!f.nodes().isEmpty()) {
          md.append(" (nodes: ").append(String.join(", ", f.nodes())).append(')');
        }
        md.append("\n\n");
        for (InstallReport.MirrorFileText file : f.files()) {
          md.append("`").append(file.nodePath()).append("`:\n\n```\n").append(file.content());
          if (!file.content().endsWith("\n")) {
            md.append('\n');
          }
          md.append("```\n\n");
        }
        f.steps().forEach(s -> md.append("- ").append(s).append('\n'));
        md.append('\n');
      }
    }
    section(
        md,
        "Files written",
        r.outputs().stream().map(o -> o.what() + ": `" + o.path() + "`").toList());
    section(
        md,
        "Problems",
        r.problems().stream()
            .map(
                p ->
                    p.message()
                        + (p.hint() == null ? "" : " What to do: " + p.hint())
                        + (p.code() == null ? "" : " (error code " + p.code() + ")"))
            .toList());
    section(md, "Not done by this version", r.notDone());
    section(md, "Next steps", r.nextSteps());
    return md.toString();
  }

  private static void section(StringBuilder md, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    md.append("## ").append(title).append("\n\n");
    lines.forEach(l -> md.append("- ").append(l).append('\n'));
    md.append('\n');
  }
}
