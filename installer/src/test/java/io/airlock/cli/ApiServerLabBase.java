package io.airlock.cli;

import io.airlock.installer.testing.KubeLab;
import io.airlock.installer.testing.KubeLabExtension;
import io.airlock.installer.testing.LabCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command-line ITs against the lab's API server (no node) share: the lab, a work
 * directory, and the cluster cleared of what the class made once it ends. JUnit runs these methods
 * around a subclass's own {@code @BeforeAll} and {@code @AfterAll} (before and after).
 */
@ExtendWith(KubeLabExtension.class)
abstract class ApiServerLabBase {

  @TempDir static Path dir;
  static KubeLab lab;
  static LabCluster cluster;

  @BeforeAll
  static void startLab(KubeLab started) {
    lab = started;
    cluster = new LabCluster(started);
  }

  @AfterAll
  static void clearCluster() {
    if (cluster != null) {
      cluster.clear();
    }
  }
}
