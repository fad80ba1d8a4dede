package io.airlock.cli;

import io.airlock.core.sample.SampleBundle;
import io.airlock.installer.testing.KubeLabExtension;
import io.airlock.installer.testing.NodeLab;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ITs that install on the lab's real node share: the node (a subclass names its family
 * with {@code @NeedsNode}), a work directory, the sample bundle, the files placed on the node,
 * tests in their {@code @Order}, and the lab left as it was once the class ends ({@link
 * LabInstalls#cleanUp}), whatever failed.
 */
@ExtendWith(KubeLabExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class NodeInstallBase {

  static final String NS = LabInstalls.NS;
  static final String HELLO = LabInstalls.HELLO;

  @TempDir static Path dir;
  static NodeLab lab;
  static SampleBundle.Result sample;

  /** Files the class placed on the node (mirror files): removed after it. */
  static final List<Path> written = new ArrayList<>();

  @BeforeAll
  static void startNode(NodeLab started) {
    lab = started;
    written.clear();
  }

  @AfterAll
  static void leaveTheLabAsItWas() throws Exception {
    LabInstalls.cleanUp(lab, written);
  }
}
