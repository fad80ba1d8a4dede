package io.airlock.core.bundle;

import io.airlock.core.BadInputException;
import io.airlock.core.archive.ArchiveTree;
import io.airlock.core.archive.Member;
import io.airlock.core.archive.TarTree;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Reads whichever image container a place in a bundle holds: OCI layout or docker-archive. */
final class ImageArchives {

  private ImageArchives() {}

  /** Reads the layout or docker-archive rooted at {@code prefix} of {@code tree}, if any. */
  static Optional<List<FoundImage>> readTree(
      ArchiveTree tree, String prefix, String source, BundleIndex index) throws BadInputException {
    // An OCI layout keeps the real manifests; docker 25+ writes both, so prefer the layout.
    if (OciLayoutReader.isLayout(tree, prefix)) {
      return Optional.of(OciLayoutReader.read(tree, prefix, source, index));
    }
    if (DockerArchiveReader.isDockerArchive(tree, prefix)) {
      return Optional.of(DockerArchiveReader.read(tree, prefix, source, index));
    }
    return Optional.empty();
  }

  /** Reads an image archive file (oci-archive or docker-archive) in place. */
  static Optional<List<FoundImage>> readArchive(
      ArchiveTree outer, Member member, String source, BundleIndex index) throws BadInputException {
    try {
      if (!TarTree.startsLikeTar(member.fileContent())) {
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read " + outer.where(member.path()) + ": " + e.getMessage(), null, e);
    }
    TarTree archive = TarTree.nested(outer, member);
    return readTree(archive, "", source, index);
  }
}
