package io.airlock.installer.testing;

import io.airlock.core.testing.Command;
import io.airlock.core.testing.FreePort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Kubernetes control plane for the second rung of the test ladder: kube-apiserver v1.20.2,
 * etcd and kube-controller-manager on 127.0.0.1, started by {@code ../shared/k8s-lab/up.sh} on free
 * ports and stopped by {@code PURGE=1 down.sh}. The scripts stay where they are; this class only
 * calls them.
 *
 * <p>Binaries come from a cache LAB ({@code AIRLOCK_K8S_LAB_CACHE}, default up.sh's own {@code
 * /var/tmp/k8s-lab}): built there once by up.sh (about five minutes from Debian's source package),
 * then shared by every run through a {@code bin} link. Each run gets its own LAB ({@code
 * target/k8s-lab}: PKI, etcd data, pid files, logs), so runs never touch each other's processes.
 *
 * <p>The KCM runs without the node-lifecycle controller: no kubelet heartbeats here, and the
 * controller would taint every Node unreachable after 40 s.
 */
public final class KubeLab implements AutoCloseable {

  /** The binaries up.sh needs with {@code WITH_KCM=1}. */
  private static final List<String> BINARIES =
      List.of("kube-apiserver", "kubectl", "kube-controller-manager");

  private static final String CONTROLLERS = "*,-nodelifecycle";

  private final Path scripts;
  private final Path lab;
  private final Path kubeconfig;
  private final String server;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Thread hook;
  private volatile KubernetesClient client;

  private KubeLab(Path scripts, Path lab, Path kubeconfig, String server) {
    this.scripts = scripts;
    this.lab = lab;
    this.kubeconfig = kubeconfig;
    this.server = server;
    this.hook = new Thread(this::stop, "k8s-lab-down");
  }

  /** Starts a lab, building the binaries first if the cache has none. */
  public static KubeLab start() {
    Path scripts = scripts();
    Path cache = cache();
    ensureBinaries(scripts, cache);
    Path lab = labDir();
    try {
      Files.createDirectories(lab);
      if (Files.isDirectory(lab.resolve("run"))) {
        // A run killed before its shutdown hook left processes: stop them by their pid files.
        down(scripts, lab);
      }
      linkBinaries(lab, cache);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = upEnvironment(lab);
    Instant t0 = Instant.now();
    Command.Result up =
        Command.run(
            List.of("bash", scripts.resolve("up.sh").toString()), env, Duration.ofMinutes(5));
    KubeLab started = null;
    try {
      if (up.exitCode() != 0) {
        throw new AssertionError(
            "k8s-lab up.sh failed (exit "
                + up.exitCode()
                + "):\n"
                + tail(up.stderr(), 40)
                + "\nlogs: "
                + lab.resolve("run"));
      }
      List<String> lines = up.out().lines().toList();
      Path kubeconfig = Path.of(lines.get(lines.size() - 1).trim());
      started = new KubeLab(scripts, lab, kubeconfig, "https://127.0.0.1:" + env.get("API_PORT"));
      Runtime.getRuntime().addShutdownHook(started.hook);
      started.awaitServiceAccounts();
      System.err.println(
          "[k8s-lab] up in "
              + Duration.between(t0, Instant.now()).toMillis()
              + " ms: "
              + started.server
              + ", LAB "
              + lab);
      return started;
    } catch (RuntimeException | Error e) {
      if (started != null) {
        started.close();
      } else {
        down(scripts, lab);
      }
      throw e;
    }
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** {@code https://127.0.0.1:PORT}. */
  public String server() {
    return server;
  }

  /** The lab's CA: it signed the API server's certificate and verifies client certificates. */
  public Path caCertificate() {
    return lab.resolve("pki/ca.crt");
  }

  /** A cluster-admin client (client certificate in group system:masters). */
  public synchronized KubernetesClient client() {
    if (client == null) {
      try {
        Config config = Config.fromKubeconfig(null, kubeconfig.toFile());
        client = new KubernetesClientBuilder().withConfig(config).build();
      } catch (RuntimeException e) {
        throw new AssertionError("cannot read the lab's kubeconfig " + kubeconfig, e);
      }
    }
    return client;
  }

  /** Stops the lab and wipes its etcd data ({@code PURGE=1 down.sh}); safe to call twice. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running or ran
    }
  }

  private void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    if (client != null) {
      client.close();
    }
    down(scripts, lab);
    System.err.println("[k8s-lab] stopped, LAB " + lab);
  }

  /**
   * The KCM's service-account controllers create {@code default} accounts and their token Secrets a
   * moment after start; pods (even dry-run ones) in a namespace need its {@code default} account.
   */
  private void awaitServiceAccounts() {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      ServiceAccount sa =
          client().serviceAccounts().inNamespace("default").withName("default").get();
      if (sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty()) {
        return;
      }
      pause(200);
    }
    throw new AssertionError(
        "the lab's kube-controller-manager created no token for default/default in 60 s; see "
            + lab.resolve("run/kube-controller-manager.log"));
  }

  private static void down(Path scripts, Path lab) {
    Command.Result r =
        Command.run(
            List.of("bash", scripts.resolve("down.sh").toString()),
            Map.of("LAB", lab.toString(), "PURGE", "1"),
            Duration.ofMinutes(2));
    if (r.exitCode() != 0) {
      System.err.println("[k8s-lab] down.sh exited " + r.exitCode() + ": " + r.stderr());
    }
  }

  /**
   * Where up.sh and down.sh are: {@code AIRLOCK_K8S_LAB}, else {@code shared/k8s-lab} next to the
   * repository ({@code ../shared/k8s-lab} from its root, {@code airlock.repoRoot} set by the pom),
   * or next to the nearest directory above that has one (a git worktree under {@code wt/}).
   */
  static Path scripts() {
    String env = System.getenv("AIRLOCK_K8S_LAB");
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env).toAbsolutePath().normalize();
      if (!isLab(p)) {
        throw new AssertionError("AIRLOCK_K8S_LAB=" + env + " has no up.sh and down.sh");
      }
      return p;
    }
    String root = System.getProperty("airlock.repoRoot");
    if (root == null || root.isBlank()) {
      throw new AssertionError(
          "no airlock.repoRoot: run the lab tests through Maven (failsafe sets it), or set AIRLOCK_K8S_LAB to the directory that holds up.sh");
    }
    Path repo = Path.of(root).toAbsolutePath().normalize();
    for (Path d = repo.getParent(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared/k8s-lab");
      if (isLab(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        "the k8s lab scripts are not in "
            + repo.resolveSibling("shared/k8s-lab")
            + " (nor in shared/k8s-lab of any directory above it); check out the shared directory next to the repository, or set AIRLOCK_K8S_LAB to the directory that holds up.sh");
  }

  private static boolean isLab(Path p) {
    return Files.isRegularFile(p.resolve("up.sh")) && Files.isRegularFile(p.resolve("down.sh"));
  }

  /** The LAB that holds the built binaries (and the Kubernetes source they were built from). */
  static Path cache() {
    String env = System.getenv("AIRLOCK_K8S_LAB_CACHE");
    return Path.of(env != null && !env.isBlank() ? env : "/var/tmp/k8s-lab").toAbsolutePath();
  }

  /** This run's LAB: under the module's build directory, so {@code mvn clean} removes it. */
  static Path labDir() {
    String build = System.getProperty("airlock.buildDirectory");
    Path base = build != null ? Path.of(build) : Path.of(System.getProperty("user.dir"), "target");
    return base.resolve("k8s-lab").toAbsolutePath();
  }

  private static boolean hasBinaries(Path bin) {
    return BINARIES.stream().allMatch(b -> Files.isExecutable(bin.resolve(b)));
  }

  /**
   * Builds the binaries in the cache LAB with up.sh (which then starts a lab there; it is stopped
   * at once), under a file lock so that concurrent test runs build once.
   */
  private static void ensureBinaries(Path scripts, Path cache) {
    if (hasBinaries(cache.resolve("bin"))) {
      return;
    }
    try {
      Files.createDirectories(cache);
      try (FileChannel ch =
              FileChannel.open(
                  cache.resolve(".airlock-build.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        if (hasBinaries(cache.resolve("bin"))) {
          return;
        }
        if (Files.isDirectory(cache.resolve("run"))) {
          try (var pids = Files.list(cache.resolve("run"))) {
            if (pids.anyMatch(p -> p.toString().endsWith(".pid"))) {
              throw new AssertionError(
                  "a k8s lab is running in "
                      + cache
                      + " without all of "
                      + BINARIES
                      + "; stop it (LAB="
                      + cache
                      + " down.sh) so the tests can build the missing binaries there");
            }
          }
        }
        Path log = labDir().resolveSibling("k8s-lab-build.log");
        Files.createDirectories(log.getParent());
        System.err.println(
            "[k8s-lab] building kube-apiserver, kubectl and kube-controller-manager v1.20.2 in "
                + cache
                + " (first run on this machine: about 5 minutes); log: "
                + log);
        Map<String, String> env = upEnvironment(cache);
        Command.Result build =
            Command.run(
                List.of("bash", scripts.resolve("up.sh").toString()), env, Duration.ofMinutes(45));
        Files.writeString(log, build.stderr());
        Command.run(
            List.of("bash", scripts.resolve("down.sh").toString()),
            Map.of("LAB", cache.toString()),
            Duration.ofMinutes(2));
        if (build.exitCode() != 0 || !hasBinaries(cache.resolve("bin"))) {
          throw new AssertionError(
              "building the k8s lab failed (exit "
                  + build.exitCode()
                  + "; up.sh needs the packages and the deb-src entry .ci/deps installs; .ci/k8s-lab-build builds the binaries ahead):\n"
                  + tail(build.stderr(), 40));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void linkBinaries(Path lab, Path cache) throws IOException {
    Path bin = lab.resolve("bin");
    if (Files.isSymbolicLink(bin)) {
      if (Files.readSymbolicLink(bin).equals(cache.resolve("bin"))) {
        return;
      }
      Files.delete(bin);
    } else if (Files.isDirectory(bin)) {
      return; // binaries built in this LAB itself
    }
    Files.createSymbolicLink(bin, cache.resolve("bin"));
  }

  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** What up.sh needs: the lab directory and free ports for etcd, the API server and the KCM. */
  private static Map<String, String> upEnvironment(Path lab) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LAB", lab.toString());
    env.put("API_PORT", String.valueOf(FreePort.find()));
    env.put("ETCD_PORT", String.valueOf(FreePort.find()));
    env.put("ETCD_PEER_PORT", String.valueOf(FreePort.find()));
    env.put("KCM_PORT", String.valueOf(FreePort.find()));
    env.put("WITH_KCM", "1");
    env.put("KCM_CONTROLLERS", CONTROLLERS);
    return env;
  }
}
