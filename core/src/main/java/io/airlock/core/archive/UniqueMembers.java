package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.util.HashMap;
import java.util.Map;

/**
 * The member names of one archive seen so far. A name seen twice (other than a directory repeated),
 * or a file that other members use as a directory, is refused: tar readers disagree about which
 * copy wins, and two readers of the same bytes must never see different images.
 */
public final class UniqueMembers {

  private final String archive;
  private final Map<String, Boolean> directoryByPath = new HashMap<>();

  /**
   * @param archive how to name the archive in messages
   */
  public UniqueMembers(String archive) {
    this.archive = archive;
  }

  /** Records a normalised member name, refusing it when it makes the archive ambiguous. */
  public void add(String path, boolean directory) throws BadInputException {
    Boolean before = directoryByPath.putIfAbsent(path, directory);
    if (before != null && !(before && directory)) {
      throw ambiguous(path);
    }
    for (String p = MemberPaths.parent(path); !p.isEmpty(); p = MemberPaths.parent(p)) {
      Boolean kind = directoryByPath.putIfAbsent(p, true);
      if (kind == null) {
        continue;
      }
      if (!kind) {
        throw ambiguous(p);
      }
      break; // its parents were recorded with it
    }
  }

  private BadInputException ambiguous(String path) {
    return new BadInputException(
        "Refusing "
            + archive
            + ": member "
            + path
            + " appears twice (or both as a file and as a directory), so tools could read"
            + " different contents from it.",
        "The archive was altered or made wrongly; get it again from its vendor.");
  }
}
