package io.airlock.core.testing;

import io.airlock.core.digest.Digest;
import io.airlock.core.oci.ImageRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Debian's skopeo as an oracle: what a real, widely used tool says about an image. */
public final class Skopeo {

  private Skopeo() {}

  /** The manifest exactly as skopeo reads it, e.g. from {@code oci-archive:/x.tar}. */
  public static byte[] rawManifest(String image, String... flags) {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
    cmd.addAll(List.of(flags));
    cmd.add(image);
    return Command.ok(cmd.toArray(String[]::new)).stdout();
  }

  /** The digest of the manifest skopeo reads: what a registry would call the image. */
  public static Digest digest(String image, String... flags) {
    return Digest.sha256(rawManifest(image, flags));
  }

  /**
   * The digest skopeo reads for {@code sourceRef} pushed to {@code host} under {@code prefix}: at
   * HOST/PREFIX/SOURCE_REGISTRY/REPOSITORY:TAG, written out here rather than asked of the push
   * engine, so that a wrong name fails the test.
   */
  public static Digest pushedDigest(String host, String prefix, String sourceRef, String... flags) {
    ImageRef ref = ImageRef.parse(sourceRef);
    return digest(
        "docker://"
            + host
            + "/"
            + prefix
            + "/"
            + ref.registry()
            + "/"
            + ref.repository()
            + ":"
            + ref.tag(),
        flags);
  }

  /** {@code skopeo copy} with the given flags, failing the test on error. */
  public static void copy(String from, String to, String... flags) {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "--quiet"));
    cmd.addAll(List.of(flags));
    cmd.add(from);
    cmd.add(to);
    Command.ok(cmd.toArray(String[]::new));
  }

  /**
   * {@code skopeo copy --all} from a plain-HTTP registry on {@code [::1]:port}, reached as {@code
   * hostName} (skopeo takes no IPv6 literal in a reference; the name resolves to {@code ::1} in a
   * private mount namespace), into an OCI layout; returns the copied image's digest.
   */
  public static Digest copyOverIpv6(String hostName, int port, String image, Path out) {
    String from = "docker://" + hostName + ":" + port + "/" + image;
    Command.runWithHosts(
            List.of("::1 " + hostName),
            List.of(
                "skopeo",
                "copy",
                "--quiet",
                "--all",
                "--src-tls-verify=false",
                from,
                "oci:" + out + ":copy"),
            Duration.ofMinutes(2))
        .requireSuccess(List.of("skopeo copy from " + from));
    return digest("oci:" + out + ":copy");
  }
}
