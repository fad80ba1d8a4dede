package io.airlock.installer.mirrors;

import io.airlock.core.BadInputException;
import io.airlock.core.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a person needs to prepare nodes by hand (seed 003's exported worker artifacts): per
 * format a directory with the mirror files at their node paths ({@code containerd/etc/...}), the
 * registry's CA certificate ({@code ca.crt}, when the nodes need one), {@code SHA256SUMS} of every
 * file ({@code sha256sum -c SHA256SUMS}) and a {@code README.md} with the exact commands per
 * format. Written all or nothing: into a temporary sibling renamed into place at the end.
 *
 * @param example an upstream image name to check the pull with, or null
 */
public record NodeArtifacts(MirrorTarget target, List<MirrorFormat> formats, String example) {

  public static final String README = "README.md";
  public static final String CA = "ca.crt";
  public static final String SUMS = "SHA256SUMS";

  /** What a backup of a replaced file is called, by hand and by the node program alike. */
  public static final String BACKUP_SUFFIX = ".airlock-backup";

  public NodeArtifacts {
    formats = List.copyOf(formats);
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("no format to export");
    }
  }

  /** The files relative to the output directory, in writing order (README last). */
  public Map<String, byte[]> files() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (MirrorFormat f : formats) {
      for (MirrorFile file : MirrorConfigs.of(f, target).files()) {
        out.put(f.id() + file.nodePath(), file.content());
      }
    }
    if (target.caPem() != null) {
      out.put(CA, target.caPem().getBytes(StandardCharsets.US_ASCII));
    }
    StringBuilder sums = new StringBuilder();
    out.forEach(
        (path, bytes) ->
            sums.append(Digest.sha256(bytes).hex()).append("  ").append(path).append('\n'));
    out.put(SUMS, sums.toString().getBytes(StandardCharsets.UTF_8));
    out.put(README, NodeReadme.text(this).getBytes(StandardCharsets.UTF_8));
    return out;
  }

  /**
   * Writes the artifacts to {@code out}.
   *
   * @param replace true to replace an existing {@code out}
   * @param existsHint what to do when {@code out} exists and may not be replaced, in the front
   *     end's words
   */
  public void write(Path out, boolean replace, String existsHint) throws BadInputException {
    Path target = out.toAbsolutePath();
    if (Files.exists(target) && !replace) {
      throw new BadInputException(target + " already exists.", existsHint);
    }
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempDirectory(target.getParent(), ".airlock-nodes-");
      for (Map.Entry<String, byte[]> e : files().entrySet()) {
        Path p = temp.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue());
      }
      if (Files.exists(target)) {
        MirrorConfigs.deleteTree(target);
      }
      Files.move(temp, target);
      temp = null;
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot write the node artifacts to " + target + ": " + e.getMessage() + ".",
          "Check that the directory is writable and has space.",
          e);
    } finally {
      if (temp != null) {
        MirrorConfigs.deleteTree(temp);
      }
    }
  }

  /** The node paths one format writes, in order. */
  List<String> nodePaths(MirrorFormat f) {
    List<String> paths = new ArrayList<>();
    MirrorConfigs.of(f, target).files().forEach(file -> paths.add(file.nodePath()));
    return paths;
  }
}
