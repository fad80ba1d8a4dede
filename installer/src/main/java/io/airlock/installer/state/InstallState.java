package io.airlock.installer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What Airlock installed in a cluster, kept in the Secret {@code airlock-system/airlock-state} (key
 * {@code state.json}) so later runs reuse the choices (seed 001) and notice a mode switch. Holds no
 * secret material: certificates appear by fingerprint only. The schema is versioned; fields are
 * only ever added (docs/cluster.md describes it).
 *
 * @param installed every object Airlock made and did not remove again: what {@code airlock
 *     uninstall} removes, and nothing else
 * @param status {@link #INSTALLING} from the start of a run that changes the cluster until its end,
 *     then {@link #INSTALLED}; null in records of earlier versions
 * @param nodes what {@code --configure-nodes} changed on each node (what uninstall puts back);
 *     empty in records of earlier versions
 * @param releases the Helm releases Airlock installed (what {@code airlock uninstall --charts}
 *     removes); empty in records of earlier versions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstallState(
    int schemaVersion,
    String airlockVersion,
    String mode,
    Registry registry,
    String ipFamilies,
    String distro,
    String kubernetesVersion,
    Pki pki,
    List<InstalledObject> installed,
    List<InstalledBundle> bundles,
    String updatedAt,
    String status,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<NodeConfig> nodes,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InstalledRelease> releases) {

  /** The schema this Airlock writes; it reads this and every older one. */
  public static final int SCHEMA_VERSION = 1;

  /** A run is under way (or stopped before its end): what it lists may exist in part. */
  public static final String INSTALLING = "installing";

  /** The last run completed. */
  public static final String INSTALLED = "installed";

  public InstallState {
    installed = installed == null ? List.of() : List.copyOf(installed);
    bundles = bundles == null ? List.of() : List.copyOf(bundles);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    releases = releases == null ? List.of() : List.copyOf(releases);
  }

  /** With the Helm releases Airlock installed (what {@code uninstall --charts} removes). */
  public InstallState withReleases(List<InstalledRelease> r) {
    return copy(installed, bundles, updatedAt, status, nodes, r);
  }

  public InstallState withStatus(String s, String at) {
    return copy(installed, bundles, at, s, nodes, releases);
  }

  /** With what {@code --configure-nodes} changed on the nodes (what uninstall puts back). */
  public InstallState withNodes(List<NodeConfig> n) {
    return copy(installed, bundles, updatedAt, status, n, releases);
  }

  public InstallState withInstalled(List<InstalledObject> objects) {
    return copy(objects, bundles, updatedAt, status, nodes, releases);
  }

  public InstallState withBundles(List<InstalledBundle> b) {
    return copy(installed, b, updatedAt, status, nodes, releases);
  }

  private InstallState copy(
      List<InstalledObject> objects,
      List<InstalledBundle> b,
      String at,
      String s,
      List<NodeConfig> n,
      List<InstalledRelease> r) {
    return new InstallState(
        schemaVersion,
        airlockVersion,
        mode,
        registry,
        ipFamilies,
        distro,
        kubernetesVersion,
        pki,
        objects,
        b,
        at,
        s,
        n,
        r);
  }

  /**
   * Where the nodes pull from.
   *
   * @param address what node runtimes use, {@code 127.0.0.1:31999}, {@code [::1]:5000} or the
   *     external host
   * @param service the in-cluster address, {@code airlock-registry.airlock-system.svc:5000}, or
   *     null for an external registry
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Registry(
      String address,
      String scheme,
      String prefix,
      boolean flatten,
      String service,
      Integer nodePort,
      String externalUrl) {}

  /**
   * Fingerprints (SHA-256 of the DER certificate, hex) and expiry of the certificates.
   *
   * @param nextCa a new CA published in every trust bundle that does not sign yet, or null
   * @param nextCaPublished when {@code nextCa} was published, or null
   * @param retiredCas CAs that signed before and are still trusted until they expire (their keys
   *     are gone); null when none, and in records of earlier versions
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Pki(
      String algorithm,
      Cert ca,
      Cert server,
      Cert serverTrust,
      Cert client,
      boolean serverUserSupplied,
      Cert nextCa,
      String nextCaPublished,
      List<Cert> retiredCas) {

    public Pki(
        String algorithm,
        Cert ca,
        Cert server,
        Cert serverTrust,
        Cert client,
        boolean serverUserSupplied) {
      this(algorithm, ca, server, serverTrust, client, serverUserSupplied, null, null, null);
    }
  }

  /** One certificate's fingerprint and end of validity. */
  public record Cert(String sha256, String notAfter) {}

  /** One object Airlock created, so a later run or an uninstall can find it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InstalledObject(String apiVersion, String kind, String namespace, String name) {}

  /**
   * One Helm release Airlock installed or upgraded.
   *
   * @param chart the chart as the registry holds it, {@code oci://HOST/PREFIX/charts/NAME}
   * @param status Helm's word for it after the last run: deployed, failed, installing
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InstalledRelease(
      String name,
      String namespace,
      String chart,
      String version,
      String revision,
      String status,
      String updatedAt) {

    /** One line for a person: {@code NAMESPACE/NAME CHART:VERSION, revision N, STATUS}. */
    public String summary() {
      return namespace
          + "/"
          + name
          + " "
          + chart
          + ":"
          + version
          + ", revision "
          + revision
          + ", "
          + status;
    }
  }

  /**
   * The mirror files {@code --configure-nodes} placed on one node: in {@code root}, each file with
   * what it did (created, or replaced with the site's file kept beside it as {@code
   * FILE.airlock-backup}) and the SHA-256 of what it wrote; the directories it created; the image
   * of the node program, which uninstall runs again to put everything back.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeConfig(
      String node,
      String format,
      String root,
      String image,
      List<NodeFile> files,
      List<String> dirs,
      String restart) {
    public NodeConfig {
      files = files == null ? List.of() : List.copyOf(files);
      dirs = dirs == null ? List.of() : List.copyOf(dirs);
    }
  }

  public record NodeFile(String path, String action, String sha256) {}

  /** One bundle pushed into the registry. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InstalledBundle(
      String name, String version, int images, int charts, String installedAt) {}
}
