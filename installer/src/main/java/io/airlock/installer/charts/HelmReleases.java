package io.airlock.installer.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.Setting;
import io.airlock.installer.cluster.Kubeconfig;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Helm's own library (helm-java: Helm's Go code, loaded in this process, offline) as Airlock uses
 * it: {@code helm upgrade --install} of a chart archive, {@code helm uninstall}, {@code helm
 * status}. The cluster is the kubeconfig's, with the chosen context made current in memory (no copy
 * on disk). Helm's failures become Airlock's: a chart or values Helm cannot render is bad input
 * (exit 2), anything the cluster refused or did not finish in time a remote failure (exit 3).
 */
public final class HelmReleases {

  private final Path kubeconfig;
  private final String contents;

  private HelmReleases(Path kubeconfig, String contents) {
    this.kubeconfig = kubeconfig;
    this.contents = contents;
  }

  /**
   * @param kubeconfig the file, or null for {@code KUBECONFIG} / {@code ~/.kube/config}
   * @param context the context to use, or null for the file's current one
   */
  public static HelmReleases of(Path kubeconfig, String context) throws BadInputException {
    Path file = kubeconfig != null ? kubeconfig : Kubeconfig.defaultFile().orElse(null);
    if (file == null) {
      throw new BadInputException(
          Phrase.of("Helm needs a kubeconfig file: none was given and none is set."),
          Phrase.of("Give ", Setting.KUBECONFIG, "."));
    }
    if (context == null) {
      return new HelmReleases(file, null);
    }
    Config config = KubeConfigUtils.parseConfig(file.toFile());
    config.setCurrentContext(context);
    return new HelmReleases(file, Serialization.asYaml(config));
  }

  /**
   * Installs the chart as the release ({@code helm install}), or upgrades the release to it when it
   * exists ({@code helm upgrade}), and waits until its workloads are ready (Helm's {@code --wait}).
   * Helm's install, not {@code upgrade --install}, makes a new release: its atomic mode removes a
   * failed first install, which the upgrade's does not.
   *
   * @param values values files in order (the bundle's first, then the person's)
   * @param atomic roll back (or remove a first install) when it fails
   */
  public Release installOrUpgrade(
      ChartChoice choice,
      Path archive,
      List<Path> values,
      boolean atomic,
      Duration timeout,
      boolean exists)
      throws io.airlock.core.AirlockException {
    int seconds = (int) timeout.toSeconds();
    try {
      if (exists) {
        UpgradeCommand cmd =
            Helm.upgrade(archive.toString())
                .withName(choice.release())
                .withNamespace(choice.namespace())
                .waitReady()
                .withTimeout(seconds);
        cmd =
            contents == null
                ? cmd.withKubeConfig(kubeconfig)
                : cmd.withKubeConfigContents(contents);
        cmd = atomic ? cmd.atomic() : cmd;
        for (Path v : values) {
          cmd = cmd.withValuesFile(v);
        }
        for (String kv : choice.set()) {
          cmd = cmd.set(key(kv), value(kv));
        }
        return cmd.call();
      }
      InstallCommand cmd =
          Helm.install(archive.toString())
              .withName(choice.release())
              .withNamespace(choice.namespace())
              .createNamespace()
              .waitReady()
              .withTimeout(seconds);
      cmd =
          contents == null ? cmd.withKubeConfig(kubeconfig) : cmd.withKubeConfigContents(contents);
      cmd = atomic ? cmd.atomic() : cmd;
      for (Path v : values) {
        cmd = cmd.withValuesFile(v);
      }
      for (String kv : choice.set()) {
        cmd = cmd.set(key(kv), value(kv));
      }
      return cmd.call();
    } catch (IllegalStateException e) {
      throw failure(choice, e);
    }
  }

  private static String key(String kv) {
    return kv.substring(0, kv.indexOf('='));
  }

  private static String value(String kv) {
    return kv.substring(kv.indexOf('=') + 1);
  }

  /** The chart's manifests as Helm renders them with these values, without the cluster. */
  public String render(ChartChoice choice, Path archive, List<Path> values)
      throws BadInputException {
    var cmd =
        Helm.template(archive.toString())
            .withName(choice.release())
            .withNamespace(choice.namespace());
    for (Path v : values) {
      cmd = cmd.withValuesFile(v);
    }
    for (String kv : choice.set()) {
      cmd = cmd.set(key(kv), value(kv));
    }
    try {
      return cmd.call();
    } catch (IllegalStateException e) {
      throw (BadInputException)
          failure(choice, new IllegalStateException("parse error: " + e.getMessage()));
    }
  }

  /** The release's status, if Helm knows it. */
  public Optional<Release> status(String release, String namespace) {
    try {
      var cmd = Helm.status(release).withNamespace(namespace);
      cmd =
          contents == null ? cmd.withKubeConfig(kubeconfig) : cmd.withKubeConfigContents(contents);
      return Optional.of(cmd.call());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** {@code helm uninstall}; a release already gone is fine. */
  public void uninstall(String release, String namespace) throws RemoteFailureException {
    var cmd = Helm.uninstall(release).withNamespace(namespace).ignoreNotFound();
    cmd = contents == null ? cmd.withKubeConfig(kubeconfig) : cmd.withKubeConfigContents(contents);
    try {
      cmd.call();
    } catch (IllegalStateException e) {
      throw new RemoteFailureException(
          Phrase.of(
              "Helm could not uninstall the release "
                  + namespace
                  + "/"
                  + release
                  + ": "
                  + e.getMessage().trim()),
          Phrase.of("Check the cluster and run the uninstall again."),
          e);
    }
  }

  /** Helm's error as Airlock's, by what kind of failure it is. */
  static io.airlock.core.AirlockException failure(ChartChoice c, IllegalStateException e) {
    String helm = e.getMessage() == null ? "unknown error" : e.getMessage().trim();
    String what = "Helm could not install the release " + c.namespace() + "/" + c.release();
    if (rendering(helm)) {
      return new BadInputException(
          Phrase.of(what + ": the chart " + c.chart() + " does not render: " + helm),
          Phrase.of("Check the values given to the chart (", Setting.CHART_VALUES, ")."),
          e);
    }
    return new RemoteFailureException(
        Phrase.of(what + ": " + helm),
        Phrase.of(
            "The pods' events and logs above say why; fix the cause and run ",
            Setting.INSTALL,
            " again (it upgrades the release)."),
        e);
  }

  private static boolean rendering(String helm) {
    String m = helm.toLowerCase(Locale.ROOT);
    return m.contains("parse error")
        || m.contains("execution error")
        || m.contains("error converting yaml")
        || m.contains("yaml parse error")
        || m.contains("unable to build kubernetes objects")
        || m.contains("values don't meet the specifications");
  }
}
