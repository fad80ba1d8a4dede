package io.airlock.core.archive;

import io.airlock.core.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.io.input.BoundedInputStream;
import org.jspecify.annotations.Nullable;

/**
 * An uncompressed tar read in place: only the headers are read, and each member becomes a slice of
 * the file at its data offset. A tar inside a tar is a slice of the outer file, never copied.
 */
public final class TarTree extends IndexedTree {

  /** Every tar writer ends the archive with at least two zero records. */
  private static final int END_OF_ARCHIVE_BYTES = 1024;

  private final String label;
  private final @Nullable String container;

  private TarTree(String label, @Nullable String container, Map<String, Member> members) {
    super(members);
    this.label = label;
    this.container = container;
  }

  /** Opens a tar file on disk. */
  public static TarTree open(Path file) throws BadInputException {
    return open(FileSlice.of(file, sizeOf(file)), file.toString(), null);
  }

  /**
   * Opens a tar held in a slice of a file, e.g. a member of another tar.
   *
   * @param label short name for messages, e.g. "vendor/app_1.0.tar"
   * @param container where the slice lives, e.g. "bundle.tar", or null for a file of its own
   */
  public static TarTree open(FileSlice slice, String label, @Nullable String container)
      throws BadInputException {
    String name = container == null || container.equals(label) ? label : label + " in " + container;
    Map<String, Member> members = new HashMap<>();
    try (SliceChannel channel = slice.openChannel()) {
      checkHeaders(channel, name);
    } catch (IOException e) {
      throw new BadInputException(
          "Cannot read " + name + " as a tar archive: " + e.getMessage(), null, e);
    }
    try (SliceChannel channel = slice.openChannel();
        TarFile tar = new TarFile(channel)) {
      long end = 0;
      String last = null;
      UniqueMembers unique = new UniqueMembers(name);
      for (TarArchiveEntry entry : tar.getEntries()) {
        String path =
            MemberPaths.normalize(entry.getName())
                .orElseThrow(() -> escaping(name, entry.getName()));
        if (path.isEmpty()) {
          continue;
        }
        InputLimits.checkDepth(path, name);
        unique.add(path, entry.isDirectory());
        if (entry.isSparse()) {
          throw new BadInputException(
              "Cannot read "
                  + name
                  + ": member "
                  + path
                  + " is a sparse file, which Airlock does"
                  + " not support in bundles.",
              "Repack the bundle without tar's --sparse.");
        }
        long dataEnd = entry.getDataOffset() + entry.getSize();
        if (dataEnd > slice.size()) {
          throw new BadInputException(
              name
                  + " is truncated: member "
                  + path
                  + " needs bytes up to offset "
                  + dataEnd
                  + " but the archive has only "
                  + slice.size()
                  + " bytes.",
              "The download or copy was cut short; get the bundle again.");
        }
        if (entry.isDirectory()) {
          members.put(path, Member.directory(path));
        } else if (entry.isSymbolicLink()) {
          if (MemberPaths.resolveLink(path, entry.getLinkName()).isEmpty()) {
            throw escaping(name, entry.getName() + " -> " + entry.getLinkName());
          }
          members.put(path, Member.link(path, Member.Type.SYMLINK, entry.getLinkName()));
        } else if (entry.isLink()) {
          if (MemberPaths.normalize(entry.getLinkName()).isEmpty()) {
            throw escaping(name, entry.getName() + " -> " + entry.getLinkName());
          }
          members.put(path, Member.link(path, Member.Type.HARDLINK, entry.getLinkName()));
        } else if (entry.isFile()) {
          FileSlice content =
              new FileSlice(slice.file(), slice.offset() + entry.getDataOffset(), entry.getSize());
          members.put(path, Member.file(path, content));
        }
        if (dataEnd >= end) {
          end = dataEnd;
          last = path;
        }
      }
      long paddedEnd = (end + 511) / 512 * 512;
      if (last != null && slice.size() < paddedEnd + END_OF_ARCHIVE_BYTES) {
        throw new BadInputException(
            name
                + " is truncated: it ends right after member "
                + last
                + " (offset "
                + end
                + ") without the end-of-archive marker.",
            "The download or copy was cut short; get the bundle again.");
      }
      if (members.isEmpty() && !startsLikeTar(slice)) {
        throw new BadInputException(name + " is not a tar archive.");
      }
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("Truncated")) {
        throw truncated(slice, name, e);
      }
      throw new BadInputException(
          "Cannot read " + name + " as a tar archive: " + e.getMessage(),
          "The file is damaged or not a tar; get the bundle again.",
          e);
    }
    return new TarTree(label, container, members);
  }

  /**
   * Walks the headers as the tar reader will, before it does, checking each with {@link
   * TarHeaderCheck}: the reader holds metadata records and its list of entries in memory.
   */
  private static void checkHeaders(SliceChannel channel, String name)
      throws IOException, BadInputException {
    TarHeaderCheck check = new TarHeaderCheck(name);
    ByteBuffer record = ByteBuffer.allocate(512);
    long position = 0;
    long nextSize = -1;
    while (position + 512 <= channel.size()) {
      record.clear();
      channel.position(position);
      while (record.hasRemaining() && channel.read(record) > 0) {
        // fill the record
      }
      long size = check.check(record.array());
      if (size < 0) {
        return; // the end of the archive, or a header the tar reader will report
      }
      byte type = record.get(156);
      if (TarHeaderCheck.isPax(type)) {
        ByteBuffer content = ByteBuffer.allocate((int) size);
        channel.position(position + 512);
        while (content.hasRemaining() && channel.read(content) > 0) {
          // fill the header's content
        }
        check.checkPax(content.array(), content.position());
        nextSize = TarHeaderCheck.paxSize(content.array(), content.position());
      } else if (!TarHeaderCheck.isMetadata(type)) {
        size = nextSize >= 0 ? nextSize : size;
        nextSize = -1;
      }
      position += 512 + (size + 511) / 512 * 512;
    }
  }

  /** Finds, by streaming the headers, the member the file ends inside of. */
  private static BadInputException truncated(FileSlice slice, String name, IOException cause) {
    String last = "(the first)";
    long offset = 0;
    long size = 0;
    try (BoundedInputStream counted =
            BoundedInputStream.builder().setInputStream(slice.open()).get();
        TarArchiveInputStream tar = new BoundedTarInputStream(counted, name)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        last = entry.getName();
        offset = counted.getCount();
        size = entry.getSize();
      }
    } catch (IOException e) {
      // Expected: the stream ends inside the member named last.
    }
    return new BadInputException(
        name
            + " is truncated: member "
            + last
            + " ("
            + size
            + " bytes from offset "
            + offset
            + ") runs past the end of the archive, which has only "
            + slice.size()
            + " bytes.",
        "The download or copy was cut short; get the bundle again.",
        cause);
  }

  /** True when the slice begins with a tar header carrying the ustar magic. */
  public static boolean startsLikeTar(FileSlice slice) throws IOException {
    if (slice.size() < 512) {
      return false;
    }
    byte[] header = new byte[512];
    try (var in = slice.open()) {
      if (in.readNBytes(header, 0, 512) < 512) {
        return false;
      }
    }
    return Compression.isTarHeader(header);
  }

  @Override
  public String where(String memberPath) {
    return "member " + memberPath + " of " + label + (container == null ? "" : " in " + container);
  }

  @Override
  public String label() {
    return label;
  }

  /** Opens a member of this tree that is itself a tar. */
  public static TarTree nested(ArchiveTree outer, Member member) throws BadInputException {
    Optional<FileSlice> content = member.contentIfFile();
    if (content.isEmpty()) {
      throw new BadInputException(outer.where(member.path()) + " is not a file.");
    }
    return open(content.get(), member.path(), outer.label());
  }

  private static BadInputException escaping(String archive, String entryName) {
    return new BadInputException(
        "Refusing " + archive + ": member '" + entryName + "' points outside the bundle.",
        "The bundle may have been tampered with; get it again from its vendor.");
  }

  private static long sizeOf(Path file) throws BadInputException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new BadInputException("Cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }
}
