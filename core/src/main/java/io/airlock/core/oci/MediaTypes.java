package io.airlock.core.oci;

import java.util.Set;

/** Media types of the OCI image spec, Docker schema 2, Helm and Sigstore that Airlock knows. */
public final class MediaTypes {

  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_SCHEMA1 =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  public static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
  public static final String HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

  private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
  private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
  private static final Set<String> IMAGE_CONFIGS = Set.of(OCI_CONFIG, DOCKER_CONFIG);

  private MediaTypes() {}

  public static boolean isIndex(String mediaType) {
    return INDEXES.contains(mediaType);
  }

  public static boolean isManifest(String mediaType) {
    return MANIFESTS.contains(mediaType);
  }

  /** True for manifests and indexes: the documents a registry stores under /manifests/. */
  public static boolean isManifestOrIndex(String mediaType) {
    return isIndex(mediaType) || isManifest(mediaType);
  }

  /** True when a manifest with this config media type is a runnable container image. */
  public static boolean isImageConfig(String mediaType) {
    return IMAGE_CONFIGS.contains(mediaType);
  }
}
