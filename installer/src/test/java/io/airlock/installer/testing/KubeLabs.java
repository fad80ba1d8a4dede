package io.airlock.installer.testing;

import io.airlock.core.testing.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The test lab clusters of one test run, each started on first use and stopped when the run ends
 * ({@link KubeLabExtension} keeps one instance in JUnit's root store): the cluster without a node
 * that every rung-3 test shares, and the cluster with a real node, of the family asked for last
 * (one node per machine, so asking for the other family stops it first).
 *
 * <p>State and logs live in {@code target/testlab}: removed at the end of a run that passed, kept
 * when a test failed. A JVM shutdown hook stops the labs when the run is interrupted; when the JVM
 * is killed, each lab's keeper (testlab/lib/keeper.sh, watching this JVM's pid) stops it.
 */
public final class KubeLabs implements AutoCloseable {

  private final Path base;
  private final Thread hook = new Thread(this::stopAll, "testlab-down");
  private KubeLab cluster;
  private AssertionError clusterFailure;
  private NodeLab node;
  private final Map<NodeLab.Family, AssertionError> nodeFailures =
      new EnumMap<>(NodeLab.Family.class);
  private boolean failed;
  private boolean closed;

  KubeLabs(Path base) {
    this.base = base;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** {@code target/testlab} of the module under test. */
  static KubeLabs forThisBuild() {
    String build = System.getProperty("airlock.buildDirectory");
    Path target =
        build != null ? Path.of(build) : Path.of(System.getProperty("user.dir"), "target");
    return new KubeLabs(target.resolve("testlab").toAbsolutePath());
  }

  /**
   * The cluster without a node: API server, etcd and controller manager (without its node-lifecycle
   * controller, so Node objects that tests create keep the status they are given).
   */
  public synchronized KubeLab cluster() {
    if (clusterFailure != null) {
      throw clusterFailure;
    }
    if (cluster == null) {
      try {
        cluster = new KubeLab(start("cluster", List.of()));
      } catch (AssertionError e) {
        clusterFailure = e;
        throw e;
      }
    }
    return cluster;
  }

  /** The cluster with a real node of {@code family}, started (or switched to) now if need be. */
  public synchronized NodeLab node(NodeLab.Family family) {
    AssertionError failure = nodeFailures.get(family);
    if (failure != null) {
      throw failure;
    }
    if (node != null && node.family() == family) {
      return node;
    }
    stopNode();
    String dir = "node-" + family.name().toLowerCase(Locale.ROOT);
    List<String> options =
        family == NodeLab.Family.IPV6 ? List.of("--node", "--ipv6") : List.of("--node");
    try {
      node = new NodeLab(start(dir, options));
    } catch (AssertionError e) {
      nodeFailures.put(family, e);
      throw e;
    }
    return node;
  }

  /** Stops the node's cluster, if one runs: the machine is as before it started. */
  public synchronized void stopNode() {
    if (node != null) {
      node.closeClient();
      LabScript.down(node.env.state());
      node = null;
    }
  }

  /** A test failed: keep the labs' logs. */
  synchronized void failed() {
    failed = true;
  }

  private LabScript.Env start(String name, List<String> options) {
    Instant t0 = Instant.now();
    LabScript.Env env = LabScript.up(base.resolve(name), options);
    System.err.printf(
        "[testlab] %s up in %d ms: %s%n",
        name, Duration.between(t0, Instant.now()).toMillis(), env.get("API_SERVER"));
    return env;
  }

  @Override
  public synchronized void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs or ran
    }
    if (failed || clusterFailure != null || !nodeFailures.isEmpty()) {
      System.err.println("[testlab] a test failed: the labs' logs are kept in " + base);
    } else {
      Command.ok("rm", "-rf", base.toString());
    }
  }

  private synchronized void stopAll() {
    if (closed) {
      return;
    }
    closed = true;
    stopNode();
    if (cluster != null) {
      cluster.closeClient();
      LabScript.down(cluster.env.state());
    }
  }
}
