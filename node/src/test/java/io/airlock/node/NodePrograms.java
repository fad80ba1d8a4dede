package io.airlock.node;

import io.airlock.core.testing.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The node programs as the build made them, and how to run them here: amd64 natively, arm64 under
 * Debian's qemu-user-static (run explicitly, so no binfmt registration is needed).
 */
final class NodePrograms {

  static final String QEMU = "qemu-aarch64-static";

  private NodePrograms() {}

  /** Where build-native.sh left the binaries (set by the pom for surefire). */
  static Path nativeDir() {
    return Path.of(System.getProperty("airlock.node.native", "target/native"));
  }

  static Path proxy(String architecture) {
    return nativeDir().resolve("proxy-linux-" + architecture);
  }

  static Path nodecfg(String architecture) {
    return nativeDir().resolve("nodecfg-linux-" + architecture);
  }

  /**
   * The injector exactly as the jar carries it for the installer, written to an executable file.
   */
  static Path injector(String architecture, Path dir) {
    try {
      Path file = dir.resolve("injector-" + architecture);
      if (!Files.exists(file)) {
        Files.write(file, NodeImages.load().injector(architecture).bytes());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-xr-x"));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command that runs {@code binary} built for {@code architecture} on this machine. */
  static List<String> command(String architecture, Path binary, List<String> args) {
    List<String> cmd = new ArrayList<>();
    if (architecture.equals("arm64")) {
      cmd.add(Command.requireTool(QEMU).toString());
    }
    cmd.add(binary.toString());
    cmd.addAll(args);
    return cmd;
  }
}
