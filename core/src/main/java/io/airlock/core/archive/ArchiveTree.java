package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.util.List;
import java.util.Optional;

/**
 * A tree of named members read in place: a directory on disk, a tar file, or a tar inside a tar.
 * Bundle readers see only this, so every format works the same from every container.
 */
public interface ArchiveTree {

  /** How to name a member of this tree in a message, e.g. "member blobs/x of vendor/a.tar". */
  String where(String memberPath);

  /** Short name of the whole tree for messages, e.g. the file name. */
  String label();

  /**
   * Finds a file by path, following links inside the tree.
   *
   * @return empty when there is no such file
   * @throws BadInputException when a link on the way points outside the tree or loops
   */
  Optional<Member> findFile(String path) throws BadInputException;

  /** The member at exactly this path, links not followed. */
  Optional<Member> member(String path);

  /** True when the path is a directory, declared or implied by members below it. */
  boolean isDirectory(String path);

  /** Members directly inside a directory ("" for the root), sorted by name, links unresolved. */
  List<Member> children(String directory);

  /** Every member, links unresolved. */
  List<Member> members();
}
