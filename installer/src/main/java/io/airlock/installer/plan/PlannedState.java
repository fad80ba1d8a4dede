package io.airlock.installer.plan;

import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mode.RegistryMode;
import io.airlock.installer.pki.RegistryPki;
import io.airlock.installer.state.InstallState;
import java.util.ArrayList;
import java.util.List;

/** The state record a plan leaves in the cluster: mode, registry, PKI, what Airlock installed. */
final class PlannedState {

  private PlannedState() {}

  static InstallState of(
      PlanInput in,
      RegistryMode mode,
      MirrorTarget target,
      RegistryPki pki,
      List<InstallState.InstalledObject> installed) {
    ClusterFacts f = in.facts();
    InstallState.Pki statePki = null;
    if (pki != null) {
      statePki =
          new InstallState.Pki(
              pki.authority().privateKey().getAlgorithm().equals("RSA") ? "rsa" : "ecdsa",
              cert(pki.authority()),
              cert(pki.server()),
              new InstallState.Cert(
                  io.airlock.installer.pki.IssuedCertificate.fingerprint(pki.serverTrust()),
                  pki.serverTrust().getNotAfter().toInstant().toString()),
              cert(pki.client()),
              pki.serverUserSupplied(),
              pki.rollover().next() == null ? null : cert(pki.rollover().next()),
              pki.rollover().published() == null ? null : pki.rollover().published().toString(),
              pki.rollover().retired().isEmpty()
                  ? null
                  : pki.rollover().retired().stream()
                      .map(
                          c ->
                              new InstallState.Cert(
                                  io.airlock.installer.pki.IssuedCertificate.fingerprint(c),
                                  c.getNotAfter().toInstant().toString()))
                      .toList());
    }
    boolean proxy = mode.usesProxy();
    InstallState.Registry registry =
        new InstallState.Registry(
            target.registry(),
            target.scheme(),
            in.registry().prefix(),
            in.registry().flatten(),
            mode == RegistryMode.EXTERNAL
                ? null
                : RegistryObjects.NAME
                    + "."
                    + in.namespace()
                    + ".svc:"
                    + RegistryObjects.servePort(proxy),
            mode == RegistryMode.NODEPORT ? in.registry().nodePort() : null,
            mode == RegistryMode.EXTERNAL ? target.baseUrl() : null);
    List<InstallState.InstalledBundle> bundles = new ArrayList<>();
    if (f.installed() != null) {
      bundles.addAll(f.installed().bundles());
    }
    return new InstallState(
        InstallState.SCHEMA_VERSION,
        in.airlockVersion(),
        mode.id(),
        registry,
        f.network().families().display(),
        f.distroKind().display(),
        f.version().toString(),
        statePki,
        installed,
        bundles,
        in.now().toString(),
        InstallState.INSTALLED,
        f.installed() == null ? List.of() : f.installed().nodes(),
        f.installed() == null ? List.of() : f.installed().releases());
  }

  private static InstallState.Cert cert(io.airlock.installer.pki.IssuedCertificate c) {
    return new InstallState.Cert(c.fingerprint(), c.notAfter().toString());
  }
}
