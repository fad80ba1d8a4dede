package io.airlock.installer.mirrors;

import java.util.List;

/**
 * What one node needs, in one format: the files and what to do after placing them.
 *
 * @param steps what the user (or the later node applier) does, in order, e.g. a restart
 */
public record MirrorConfig(MirrorFormat format, List<MirrorFile> files, List<String> steps) {

  public MirrorConfig {
    files = List.copyOf(files);
    steps = List.copyOf(steps);
  }

  public MirrorFile file(String nodePath) {
    return files.stream()
        .filter(f -> f.nodePath().equals(nodePath))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no file " + nodePath));
  }
}
