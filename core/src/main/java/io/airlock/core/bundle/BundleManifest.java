package io.airlock.core.bundle;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.ImageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Airlock's own bundle manifest, {@code airlock-bundle.yaml} at the bundle root. When present it is
 * the authority: image names come from it, not from archive annotations or file names. The schema
 * is documented in docs/bundle-manifest.md.
 *
 * @param name the bundle's name
 * @param version the product version the bundle carries, or null
 * @param images the images, each naming the archive or layout in the bundle that holds it
 * @param charts the Helm chart archives
 * @param signature where the bundle's signature is and whose key made it, or null
 */
public record BundleManifest(
    String name,
    @Nullable String version,
    List<ImageEntry> images,
    List<ChartEntry> charts,
    @Nullable SignatureInfo signature) {

  public static final String FILE_NAME = "airlock-bundle.yaml";
  public static final String API_VERSION = "airlock.io/v1";
  public static final String KIND = "Bundle";

  /**
   * @param ref the full reference the image is pushed under
   * @param source path of an oci-archive, docker-archive or OCI layout, relative to the root
   * @param select which image of a source holding several: its recorded name, or null
   * @param digest the digest the image must have, or null
   */
  public record ImageEntry(
      String ref, String source, @Nullable String select, @Nullable Digest digest) {}

  /**
   * @param digest the SHA-256 the chart archive must have, or null
   * @param install how to install it as a Helm release by default, or null when it is not
   */
  public record ChartEntry(String source, @Nullable Digest digest, @Nullable ChartInstall install) {

    public ChartEntry(String source, @Nullable Digest digest) {
      this(source, digest, null);
    }

    public Optional<ChartInstall> installIfAny() {
      return Optional.ofNullable(install);
    }
  }

  /**
   * A chart the bundle installs by default.
   *
   * @param release the release name, or null for the chart's name
   * @param namespace the release's namespace, or null for the installer's default
   * @param values the values the bundle gives the chart, as YAML, or null
   */
  public record ChartInstall(
      @Nullable String release, @Nullable String namespace, @Nullable String values) {}

  /**
   * @param file the detached signature file, relative to the bundle's parent directory, or null
   * @param keyFingerprint SHA-256 fingerprint of the signer's public key (DER), or null
   */
  public record SignatureInfo(@Nullable String file, @Nullable String keyFingerprint) {}

  public Optional<SignatureInfo> signatureIfAny() {
    return Optional.ofNullable(signature);
  }

  /**
   * Parses and validates a manifest.
   *
   * @throws BadInputException naming the first field that is missing or wrong
   */
  public static BundleManifest parse(byte[] yaml, String where) throws BadInputException {
    Object root;
    try {
      root = BundleYaml.load(yaml);
    } catch (YAMLException e) {
      throw new BadInputException(where + " is not valid YAML: " + e.getMessage());
    }
    Fields top = Fields.of(root, where, "the document");
    top.onlyKnown(Set.of("apiVersion", "kind", "name", "version", "images", "charts", "signature"));
    String apiVersion = top.requiredText("apiVersion");
    if (!API_VERSION.equals(apiVersion)) {
      throw new BadInputException(
          where + ": apiVersion is '" + apiVersion + "'; this Airlock reads " + API_VERSION + ".",
          "Use a newer Airlock, or check the file.");
    }
    if (!KIND.equals(top.requiredText("kind"))) {
      throw new BadInputException(where + ": kind must be " + KIND + ".");
    }
    List<ImageEntry> images = new ArrayList<>();
    List<Object> imageList = top.list("images");
    for (int i = 0; i < imageList.size(); i++) {
      Fields f = Fields.of(imageList.get(i), where, "images[" + i + "]");
      f.onlyKnown(Set.of("ref", "source", "select", "digest"));
      String ref = f.requiredText("ref");
      try {
        ref = ImageRef.parse(ref).toString();
      } catch (IllegalArgumentException e) {
        throw new BadInputException(where + ": images[" + i + "].ref: " + e.getMessage() + ".");
      }
      images.add(
          new ImageEntry(ref, f.requiredText("source"), f.text("select"), f.digest("digest")));
    }
    List<ChartEntry> charts = new ArrayList<>();
    List<Object> chartList = top.list("charts");
    for (int i = 0; i < chartList.size(); i++) {
      Fields f = Fields.of(chartList.get(i), where, "charts[" + i + "]");
      f.onlyKnown(Set.of("source", "digest", "install"));
      charts.add(new ChartEntry(f.requiredText("source"), f.digest("digest"), install(f)));
    }
    SignatureInfo signature = null;
    if (top.has("signature")) {
      Fields f = Fields.of(top.raw("signature"), where, "signature");
      f.onlyKnown(Set.of("file", "keyFingerprint"));
      signature = new SignatureInfo(f.text("file"), f.text("keyFingerprint"));
    }
    return new BundleManifest(
        top.requiredText("name"), top.text("version"), images, charts, signature);
  }

  /** {@code install: true}, or a mapping with release, namespace and values. */
  private static @Nullable ChartInstall install(Fields chart) throws BadInputException {
    Object v = chart.raw("install");
    if (v == null || Boolean.FALSE.equals(v)) {
      return null;
    }
    if (Boolean.TRUE.equals(v)) {
      return new ChartInstall(null, null, null);
    }
    Fields f = Fields.of(v, chart.where(), chart.path() + ".install");
    f.onlyKnown(Set.of("release", "namespace", "values"));
    Object values = f.raw("values");
    if (values != null && !(values instanceof Map)) {
      throw new BadInputException(
          chart.where() + ": " + chart.path() + ".install.values must be a mapping.");
    }
    return new ChartInstall(
        f.text("release"), f.text("namespace"), values == null ? null : blockYaml(values));
  }

  private static String blockYaml(Object values) {
    org.yaml.snakeyaml.DumperOptions o = new org.yaml.snakeyaml.DumperOptions();
    o.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    return new org.yaml.snakeyaml.Yaml(o).dump(values);
  }

  /** A YAML mapping read with messages that name the field. */
  private record Fields(Map<?, ?> map, String where, String path) {

    static Fields of(@Nullable Object node, String where, String path) throws BadInputException {
      if (!(node instanceof Map<?, ?> map)) {
        throw new BadInputException(where + ": " + path + " must be a mapping.");
      }
      return new Fields(map, where, path);
    }

    void onlyKnown(Set<String> known) throws BadInputException {
      for (Object key : map.keySet()) {
        if (!known.contains(String.valueOf(key))) {
          throw new BadInputException(
              where
                  + ": "
                  + path
                  + " has an unknown field '"
                  + key
                  + "' (known: "
                  + String.join(", ", known.stream().sorted().toList())
                  + ").");
        }
      }
    }

    boolean has(String key) {
      return map.get(key) != null;
    }

    @Nullable Object raw(String key) {
      return map.get(key);
    }

    @Nullable String text(String key) throws BadInputException {
      Object v = map.get(key);
      if (v == null) {
        return null;
      }
      if (v instanceof Map || v instanceof List) {
        throw new BadInputException(where + ": " + field(key) + " must be a string.");
      }
      return v.toString();
    }

    String requiredText(String key) throws BadInputException {
      String v = text(key);
      if (v == null || v.isBlank()) {
        throw new BadInputException(where + ": " + field(key) + " is missing.");
      }
      return v;
    }

    @Nullable Digest digest(String key) throws BadInputException {
      String v = text(key);
      if (v == null) {
        return null;
      }
      try {
        return Digest.parse(v);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(where + ": " + field(key) + ": " + e.getMessage() + ".");
      }
    }

    List<Object> list(String key) throws BadInputException {
      Object v = map.get(key);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof List<?> l)) {
        throw new BadInputException(where + ": " + field(key) + " must be a list.");
      }
      return new ArrayList<>(l);
    }

    private String field(String key) {
      return path.equals("the document") ? key : path + "." + key;
    }
  }
}
