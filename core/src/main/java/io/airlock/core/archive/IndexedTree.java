package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** An archive tree whose members were all listed up front; resolves links inside the tree. */
abstract class IndexedTree implements ArchiveTree {

  private static final int MAX_LINK_HOPS = 16;

  private final Map<String, Member> members;
  private final Set<String> directories = new HashSet<>();

  IndexedTree(Map<String, Member> members) {
    this.members = Collections.unmodifiableMap(new TreeMap<>(members));
    directories.add("");
    for (Member m : members.values()) {
      if (m.isDirectory()) {
        directories.add(m.path());
      }
      for (String p = MemberPaths.parent(m.path()); !p.isEmpty(); p = MemberPaths.parent(p)) {
        directories.add(p);
      }
    }
  }

  @Override
  public Optional<Member> findFile(String path) throws BadInputException {
    String current = path;
    for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
      Member m = members.get(current);
      if (m == null || m.isDirectory()) {
        return Optional.empty();
      }
      if (m.isFile()) {
        return Optional.of(m);
      }
      Optional<String> target =
          m.type() == Member.Type.HARDLINK
              ? MemberPaths.normalize(Objects.requireNonNull(m.linkTarget()))
              : MemberPaths.resolveLink(m.path(), Objects.requireNonNull(m.linkTarget()));
      if (target.isEmpty()) {
        throw new BadInputException(
            "Refusing "
                + where(m.path())
                + ": it links to '"
                + m.linkTarget()
                + "', outside the bundle.",
            "The bundle may have been tampered with; get it again from its vendor.");
      }
      current = target.get();
    }
    throw new BadInputException("Refusing " + where(path) + ": its links go round in a loop.");
  }

  @Override
  public Optional<Member> member(String path) {
    return Optional.ofNullable(members.get(path));
  }

  @Override
  public boolean isDirectory(String path) {
    return directories.contains(path);
  }

  @Override
  public List<Member> children(String directory) {
    String prefix = directory.isEmpty() ? "" : directory + "/";
    List<Member> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Member m : members.values()) {
      if (!m.path().startsWith(prefix) || m.path().equals(directory)) {
        continue;
      }
      String rest = m.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      String child = slash < 0 ? m.path() : prefix + rest.substring(0, slash);
      if (seen.add(child)) {
        result.add(slash < 0 ? m : members.getOrDefault(child, Member.directory(child)));
      }
    }
    return result;
  }

  @Override
  public List<Member> members() {
    return List.copyOf(members.values());
  }
}
