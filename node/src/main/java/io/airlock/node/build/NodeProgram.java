package io.airlock.node.build;

import io.airlock.node.NodeImages;
import java.nio.file.Path;
import java.util.List;

/**
 * A program that runs on nodes: its image name, the binaries {@code build-native.sh} leaves (one
 * per architecture), and where the binary sits in its image.
 */
record NodeProgram(String image, String binaryPrefix, String pathInImage) {

  static final List<NodeProgram> ALL =
      List.of(
          new NodeProgram(NodeImages.INJECTOR_IMAGE, "injector", "/airlock-injector"),
          new NodeProgram(NodeImages.PROXY_IMAGE, "proxy", "/airlock-proxy"),
          new NodeProgram(NodeImages.NODECFG_IMAGE, "nodecfg", "/airlock-nodecfg"));

  Path binary(Path nativeDir, String architecture) {
    return nativeDir.resolve(binaryPrefix + "-linux-" + architecture);
  }
}
