package io.airlock.installer.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.airlock.core.verify.VerificationReport;
import io.airlock.installer.state.InstallState;
import java.util.List;

/**
 * What an installation run did, for the people who come after: saved as JSON (fields are only ever
 * added) and as Markdown by {@link ReportWriter}. Holds no secret: no password, no private key.
 *
 * @param outcome {@code completed}, {@code failed} or {@code cancelled}
 * @param verificationConfirmation when verification was skipped: the words the person confirmed,
 *     and when; null otherwise
 * @param notDone what this version of Airlock left for later or for a person, in plain words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstallReport(
    int schemaVersion,
    String airlockVersion,
    String createdAt,
    String outcome,
    BundleInfo bundle,
    VerificationReport verification,
    String verificationConfirmation,
    ClusterInfo cluster,
    ModeInfo mode,
    PushInfo push,
    List<Step> steps,
    List<Output> outputs,
    List<String> notDone,
    List<String> nextSteps,
    List<Problem> problems,
    List<ClusterObject> objects,
    List<MirrorFormatFiles> mirrors,
    List<InstallState.InstalledRelease> releases,
    List<String> notes) {

  public static final int SCHEMA_VERSION = 1;

  public InstallReport {
    steps = List.copyOf(steps);
    outputs = List.copyOf(outputs);
    notDone = List.copyOf(notDone);
    nextSteps = List.copyOf(nextSteps);
    problems = List.copyOf(problems);
    objects = objects == null ? List.of() : List.copyOf(objects);
    mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    releases = releases == null ? List.of() : List.copyOf(releases);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** The bundle as inspected. */
  public record BundleInfo(
      String path,
      String format,
      String name,
      String version,
      int images,
      int charts,
      long sizeBytes) {}

  /** The cluster as probed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterInfo(
      String server,
      String context,
      String namespace,
      String version,
      String distro,
      String ipFamilies,
      String kubeProxy,
      int nodes) {}

  /**
   * The registry mode and where the nodes pull from.
   *
   * @param embedded true when the registry is Airlock's own, on the machine that ran the install
   */
  public record ModeInfo(
      String mode, boolean embedded, String why, String registry, List<String> consents) {
    public ModeInfo {
      consents = List.copyOf(consents);
    }
  }

  /** What the push did. */
  public record PushInfo(
      String target,
      long pushed,
      long alreadyPresent,
      int blobsUploaded,
      int blobsMounted,
      long sentBytes,
      double seconds,
      List<Artifact> artifacts,
      boolean readBack) {
    public PushInfo {
      artifacts = List.copyOf(artifacts);
    }
  }

  /** One image, chart or signature and where it went. */
  public record Artifact(
      String name, String kind, String target, String digest, boolean alreadyPresent) {}

  /**
   * One step of the run.
   *
   * @param status {@code done}, {@code failed}, {@code cancelled}, {@code skipped} or {@code
   *     not-available}
   * @param seconds how long it took
   */
  public record Step(String name, String status, String detail, double seconds) {}

  /**
   * An object the run created, updated or deleted in the cluster.
   *
   * @param action {@code created}, {@code updated}, {@code deleted} or {@code kept}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterObject(
      String action, String apiVersion, String kind, String namespace, String name) {}

  /**
   * The mirror configuration of one node format: the files to put on each node of it, and what to
   * do then.
   *
   * @param nodes the cluster's nodes of this format (empty without a cluster: every format)
   */
  public record MirrorFormatFiles(
      String format, List<String> nodes, List<MirrorFileText> files, List<String> steps) {
    public MirrorFormatFiles {
      nodes = List.copyOf(nodes);
      files = List.copyOf(files);
      steps = List.copyOf(steps);
    }
  }

  /** A file for a node: where it goes and what it holds (no secret: CA certificates at most). */
  public record MirrorFileText(String nodePath, String content) {}

  /** A file or directory the run wrote. */
  public record Output(String what, String path) {}

  /**
   * A failure, as the command line prints it.
   *
   * @param code a stable code for failures Airlock did not expect, else null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Problem(String message, String hint, String code) {}
}
