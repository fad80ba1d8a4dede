package io.airlock.installer.pipeline;

import io.airlock.core.BadInputException;
import io.airlock.core.Phrase;
import io.airlock.core.RemoteFailureException;
import io.airlock.core.Setting;
import io.airlock.core.distribution.Credentials;
import io.airlock.installer.plan.PlanParts;
import io.airlock.installer.plan.TlsSecrets;
import io.airlock.installer.target.RegistryTarget;
import io.airlock.installer.tunnel.PodTunnel;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The push endpoint of the registry Airlock runs in the cluster, reached from this machine through
 * a tunnel ({@link PodTunnel}) with the push user's password from its Secret (never written to disk
 * or logged). Airlock's own registry is reached on its loopback endpoint in plain HTTP inside the
 * tunnel's TLS; distribution's registry on its TLS endpoint, checked against the CA in the
 * cluster's Secret.
 */
final class ClusterRegistry {

  private ClusterRegistry() {}

  /**
   * Opens the tunnel; the caller closes it. Its local port is the same for the same cluster and
   * namespace whenever free, so an interrupted push resumes its uploads on the next run.
   */
  static PodTunnel tunnel(InstallRun run) throws BadInputException, RemoteFailureException {
    KubernetesClient client = run.connection().client();
    String ns = run.request().cluster().namespace();
    return PodTunnel.open(
        client,
        ns,
        PlanParts.registryPods(),
        plainInside(run) ? PlanParts.TUNNEL_PORT : PlanParts.PUSH_PORT,
        preferredPort(run.connection().server(), ns),
        run::note);
  }

  /** The registry at the tunnel's local end, as the push engine reaches it. */
  static RegistryTarget target(InstallRun run, PodTunnel tunnel)
      throws BadInputException, RemoteFailureException {
    KubernetesClient client = run.connection().client();
    String ns = run.request().cluster().namespace();
    boolean plain = plainInside(run);
    Secret trust = plain ? null : client.secrets().inNamespace(ns).withName(TlsSecrets.PROXY).get();
    Secret auth = client.secrets().inNamespace(ns).withName(PlanParts.PUSH_CREDENTIALS).get();
    List<String> missing = new ArrayList<>();
    if (!plain && trust == null) {
      missing.add(TlsSecrets.PROXY);
    }
    if (auth == null) {
      missing.add(PlanParts.PUSH_CREDENTIALS);
    }
    if (!missing.isEmpty()) {
      throw new RemoteFailureException(
          Phrase.of(
              "The registry's "
                  + (missing.size() == 1 ? "Secret " : "Secrets ")
                  + String.join(" and ", missing)
                  + (missing.size() == 1 ? " is" : " are")
                  + " missing from "
                  + ns
                  + "."),
          Phrase.of("Run ", Setting.INSTALL, " again: it makes what is missing."));
    }
    var settings = run.request().cluster().registry();
    return new RegistryTarget(
        tunnel.host(),
        settings.prefix(),
        plain,
        plain ? null : caFile(run, ns, decode(trust, "ca.crt")),
        false,
        new Credentials(decode(auth, "username"), decode(auth, "password")),
        settings.flatten());
  }

  /** Airlock's own registry has a plain endpoint on its loopback for the tunnel. */
  private static boolean plainInside(InstallRun run) {
    return run.request().cluster().registry().airlocksRegistry();
  }

  private static String decode(Secret s, String key) throws RemoteFailureException {
    String v = s.getData() == null ? null : s.getData().get(key);
    if (v == null) {
      throw new RemoteFailureException(
          Phrase.of("The Secret " + s.getMetadata().getName() + " has no " + key + "."),
          Phrase.of("Delete it and run ", Setting.INSTALL, " again: it makes a new one."));
    }
    return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
  }

  /** The registry's CA, for the push's TLS check (a certificate: no secret). */
  private static Path caFile(InstallRun run, String ns, String pem) throws BadInputException {
    Path file =
        run.workDir()
            .resolve("install")
            .resolve(Integer.toHexString(run.connection().server().hashCode()) + "-" + ns)
            .resolve("registry-ca.crt");
    try {
      Files.createDirectories(file.getParent());
      io.airlock.core.AtomicFiles.write(file, pem.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadInputException(
          Phrase.of("Cannot write " + file + ": " + e.getMessage() + "."),
          Phrase.of("Choose a writable directory as ", Setting.WORK_DIR, "."),
          e);
    }
    return file;
  }

  /** A port in 40000-49999 that depends only on the cluster and the namespace. */
  static int preferredPort(String server, String namespace) {
    return 40000 + Math.floorMod((server + "/" + namespace).hashCode(), 10000);
  }
}
