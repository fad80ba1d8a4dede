package io.airlock.core.registry;

import io.airlock.core.digest.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The referrers a repository's manifests declare, kept as one descriptor file per referrer under
 * {@code _referrers/ALGORITHM/HEX/} of the subject, so the index is listed, not rebuilt.
 */
final class ReferrerFiles {

  private final Path tmp;

  ReferrerFiles(Path tmp) {
    this.tmp = tmp;
  }

  private static Path dir(Path repoDir, Digest subject) {
    return repoDir
        .resolve("_referrers")
        .resolve(subject.algorithm().ociName())
        .resolve(subject.hex());
  }

  private static String referrerFileName(Digest referrer) {
    return referrer.algorithm().ociName() + "-" + referrer.hex();
  }

  void add(Path repoDir, Digest subject, Digest referrer, byte[] descriptorJson)
      throws IOException {
    Path file = dir(repoDir, subject).resolve(referrerFileName(referrer));
    Files.createDirectories(file.getParent());
    Durable.write(tmp, file, descriptorJson);
  }

  void remove(Path repoDir, Digest subject, Digest referrer) throws IOException {
    Durable.delete(dir(repoDir, subject).resolve(referrerFileName(referrer)));
  }

  /** Descriptor JSON documents of the manifests that name {@code subject}. */
  List<byte[]> list(Path repoDir, Digest subject) throws IOException {
    List<byte[]> result = new ArrayList<>();
    Path dir = dir(repoDir, subject);
    for (String name : StoreFiles.listNames(dir)) {
      try {
        result.add(Files.readAllBytes(dir.resolve(name)));
      } catch (NoSuchFileException e) {
        // removed while listing
      }
    }
    return result;
  }
}
