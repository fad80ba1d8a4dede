package io.airlock.cli;

import io.airlock.core.BadInputException;
import io.airlock.installer.cluster.KubeConnection;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to a cluster. */
final class KubeOptions {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig to use. Default: $KUBECONFIG, then ~/.kube/config.")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context. Default: the current one.")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      defaultValue = "airlock-system",
      description = "The namespace Airlock installs into (default: ${DEFAULT-VALUE}).")
  String namespace;

  KubeConnection connect() throws BadInputException {
    return KubeConnection.open(kubeconfig, context, Instant.now());
  }
}
