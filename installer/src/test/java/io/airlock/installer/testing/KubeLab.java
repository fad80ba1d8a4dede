package io.airlock.installer.testing;

import io.airlock.core.testing.Command;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One running cluster of the project's test lab (testlab/): kube-apiserver v1.20.2, etcd and
 * kube-controller-manager on 127.0.0.1 and free ports, with a real node when it is a {@link
 * NodeLab}. Tests get it from {@link KubeLabExtension}, which starts and stops it.
 */
public class KubeLab {

  final LabScript.Env env;
  private KubernetesClient client;

  KubeLab(LabScript.Env env) {
    this.env = env;
  }

  public Path kubeconfig() {
    return env.path("KUBECONFIG");
  }

  /** {@code https://127.0.0.1:PORT}. */
  public String server() {
    return env.get("API_SERVER");
  }

  /** The lab's CA: it signed the API server's certificate and verifies client certificates. */
  public Path caCertificate() {
    return env.path("CA");
  }

  /** The lab's logs, one file per process; kept in target/testlab when a test failed. */
  public Path logs() {
    return env.path("LOGS");
  }

  /** A cluster-admin client (client certificate in group system:masters). */
  public synchronized KubernetesClient client() {
    if (client == null) {
      try {
        client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, kubeconfig().toFile()))
                .build();
      } catch (RuntimeException e) {
        throw new AssertionError("cannot read the lab's kubeconfig " + kubeconfig(), e);
      }
    }
    return client;
  }

  /**
   * The lab's own kubectl (v1.20.2) with its admin kubeconfig; fails the test unless it succeeds.
   */
  public String kubectl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(env.get("KUBECTL"), "--kubeconfig"));
    cmd.add(kubeconfig().toString());
    cmd.addAll(List.of(args));
    return Command.run(cmd, Map.of(), Duration.ofMinutes(2)).requireSuccess(cmd).out();
  }

  synchronized void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
