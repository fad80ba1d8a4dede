package io.airlock.core.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/**
 * A small file system of its own for full-disk tests: a tmpfs mounted by the test at a directory
 * (mounting needs root: the machine and CI run the tests as root, as containerd needs too). Without
 * root, the test is skipped with one line, or fails with that line where {@link
 * SharedFixtures#required()} says everything must run (CI).
 */
public final class SmallDisk implements AutoCloseable {

  private static final AtomicBoolean announced = new AtomicBoolean();

  private final Path mount;

  private SmallDisk(Path mount) {
    this.mount = mount;
  }

  /** Mounts a tmpfs of {@code size} (as mount takes it: {@code 24m}) at {@code dir}, created. */
  public static SmallDisk mount(Path dir, String size) throws IOException {
    if (!isRoot()) {
      String why = "mounting a small tmpfs for a full-disk test needs root";
      if (SharedFixtures.required()) {
        throw new AssertionError(why + " (CI runs the tests as root).");
      }
      if (announced.compareAndSet(false, true)) {
        // the process's own stderr: surefire passes it to the build's console
        new PrintStream(new FileOutputStream(FileDescriptor.err), true)
            .println("[SKIPPED] full-disk tests: " + why + ".");
      }
      Assumptions.abort("skipped: " + why);
    }
    Files.createDirectories(dir);
    Command.ok("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    return new SmallDisk(dir);
  }

  private static boolean isRoot() {
    return new String(Command.ok("id", "-u").stdout()).trim().equals("0");
  }

  public Path path() {
    return mount;
  }

  public Path resolve(String name) {
    return mount.resolve(name);
  }

  public long free() throws IOException {
    return Files.getFileStore(mount).getUsableSpace();
  }

  /** Gives the file system {@code size} (as mount takes it), keeping what it holds. */
  public void grow(String size) {
    Command.ok("mount", "-o", "remount,size=" + size, mount.toString());
  }

  /** Writes a file that leaves only {@code leave} bytes free; deleting it gives the space back. */
  public Path fill(long leave) throws IOException {
    Path filler = Files.createTempFile(mount, "filler", ".bin");
    try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
      byte[] chunk = new byte[1 << 20];
      for (long left = free() - leave; left > 0; left -= chunk.length) {
        f.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    } catch (IOException e) {
      if (leave > 0) {
        throw e; // only a full fill may end on a full disk
      }
    }
    return filler;
  }

  @Override
  public void close() {
    if (Command.run("umount", mount.toString()).exitCode() != 0) {
      Command.run("umount", "-l", mount.toString()); // still open somewhere: detach it now
    }
  }
}
