package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** A directory on disk, read in place. Links must stay inside it. */
public final class DirectoryTree extends IndexedTree {

  private final Path root;

  private DirectoryTree(Path root, Map<String, Member> members) {
    super(members);
    this.root = root;
  }

  public static DirectoryTree open(Path root) throws BadInputException {
    Map<String, Member> members = new HashMap<>();
    Path top = root.toAbsolutePath().normalize();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String name = root.relativize(p).toString().replace('\\', '/');
        InputLimits.checkDepth(name, root.toString());
        if (members.size() >= InputLimits.MAX_MEMBERS) {
          throw new LimitExceededException(
              "Refusing "
                  + root
                  + ": it holds more than "
                  + InputLimits.MAX_MEMBERS
                  + " files and directories; real bundles have thousands.",
              InputLimits.Limit.MEMBERS,
              InputLimits.MAX_MEMBERS);
        }
        BasicFileAttributes attrs =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
          Path target = Files.readSymbolicLink(p);
          Path resolved =
              Objects.requireNonNull(p.toAbsolutePath().getParent()).resolve(target).normalize();
          if (!resolved.startsWith(top)) {
            throw new BadInputException(
                "Refusing " + p + ": it links to '" + target + "', outside the bundle.",
                "Copy the file into the bundle directory instead of linking to it.");
          }
          String relative =
              Objects.requireNonNull(p.toAbsolutePath().getParent())
                  .relativize(resolved)
                  .toString()
                  .replace('\\', '/');
          members.put(name, Member.link(name, Member.Type.SYMLINK, relative));
        } else if (attrs.isDirectory()) {
          members.put(name, Member.directory(name));
        } else if (attrs.isRegularFile()) {
          members.put(name, Member.file(name, FileSlice.of(p, attrs.size())));
        }
      }
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read the directory " + root + ": " + e.getMessage(),
          "Check that it exists and that you may read it.",
          e);
    }
    return new DirectoryTree(root, members);
  }

  public Path root() {
    return root;
  }

  @Override
  public String where(String memberPath) {
    return root.resolve(memberPath).toString();
  }

  @Override
  public String label() {
    return root.toString();
  }
}
