package io.airlock.core.bundle;

/** How a bundle is laid out; the ids are the values of {@code format} in the JSON output. */
public enum BundleFormat {
  /** charts/ plus vendor directories of image archives, as k0rdent air-gap bundles are made. */
  K0RDENT("k0rdent"),
  /** An OCI image layout directory (oci-layout, index.json, blobs/). */
  OCI_LAYOUT("oci-layout"),
  /** An OCI image layout in a tar. */
  OCI_ARCHIVE("oci-archive"),
  /** A tar as docker save and skopeo's docker-archive write it. */
  DOCKER_ARCHIVE("docker-archive"),
  /** Any of the above described by an airlock-bundle.yaml at its root. */
  AIRLOCK("airlock");

  private final String id;

  BundleFormat(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
