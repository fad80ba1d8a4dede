package io.airlock.core.archive;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One entry of an archive tree: a file with its content, a directory, or a link. */
public record Member(
    String path, Type type, long size, @Nullable FileSlice content, @Nullable String linkTarget) {

  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK
  }

  public static Member file(String path, FileSlice content) {
    return new Member(path, Type.FILE, content.size(), content, null);
  }

  public static Member directory(String path) {
    return new Member(path, Type.DIRECTORY, 0, null, null);
  }

  public static Member link(String path, Type type, String target) {
    return new Member(path, type, 0, null, target);
  }

  public boolean isFile() {
    return type == Type.FILE;
  }

  public boolean isDirectory() {
    return type == Type.DIRECTORY;
  }

  public Optional<FileSlice> contentIfFile() {
    return Optional.ofNullable(content);
  }

  /** The content of a member known to be a file (as {@code findFile} gives them). */
  public FileSlice fileContent() {
    return Objects.requireNonNull(content, () -> path + " is not a file");
  }

  public String fileName() {
    return MemberPaths.fileName(path);
  }
}
