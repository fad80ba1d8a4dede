package io.airlock.installer.pki;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the certificates of a run: reuses what the cluster holds while it is good, renews what is
 * past half its lifetime, no longer names what it must or hangs off a replaced CA, and makes what
 * is missing. A CA past half its lifetime is replaced with an overlap ({@link CaRotation}): the
 * leaves are re-issued only when the new CA starts signing.
 */
public final class PkiManager {

  static final String CA_NAME = "Airlock registry CA";
  static final String SERVER_NAME = "airlock-registry";
  static final String CLIENT_NAME = "airlock-proxy";

  private final CertificateIssuer issuer;
  private final Clock clock;

  public PkiManager(Clock clock) {
    this.clock = clock;
    this.issuer = new CertificateIssuer(clock);
  }

  /** The result: the certificates to store and one change line per certificate. */
  public record Outcome(RegistryPki pki, List<PkiChange> changes) {}

  public Outcome ensure(Optional<RegistryPki> existing, PkiOptions options) {
    List<PkiChange> changes = new ArrayList<>();
    CaRotation.Decision decision =
        new CaRotation(issuer, clock.instant()).decide(existing, options);
    IssuedCertificate ca = decision.authority();
    changes.add(decision.change());
    Optional<String> leavesRenewed = decision.leafReason();

    IssuedCertificate server;
    java.security.cert.X509Certificate serverTrust;
    boolean userServer = options.userServer() != null;
    if (userServer) {
      server = options.userServer().certificate();
      serverTrust = options.userServer().trust();
      changes.add(
          new PkiChange(
              "server",
              PkiChange.Action.USER_SUPPLIED,
              "given by you, valid until " + server.notAfter() + "; Airlock never renews it"));
    } else {
      Optional<String> why =
          leavesRenewed.isPresent()
              ? leavesRenewed
              : existing.flatMap(
                  e ->
                      e.serverUserSupplied()
                          ? Optional.of(
                              "replacing the certificate you supplied before with Airlock's own")
                          : serverReason(e.server(), ca, options.serverNames()));
      if (why.isPresent()) {
        server =
            issuer.issueServer(
                ca,
                SERVER_NAME,
                options.serverNames(),
                options.algorithm(),
                options.leafLifetime());
        changes.add(
            new PkiChange(
                "server",
                existing.isEmpty() ? PkiChange.Action.CREATE : PkiChange.Action.RENEW,
                why.get()));
      } else {
        server = existing.get().server();
        changes.add(
            new PkiChange("server", PkiChange.Action.KEEP, "valid until " + server.notAfter()));
      }
      serverTrust = ca.certificate();
    }

    IssuedCertificate client;
    Optional<String> why =
        leavesRenewed.isPresent()
            ? leavesRenewed
            : existing.flatMap(e -> clientReason(e.client(), ca));
    if (why.isPresent()) {
      client = issuer.issueClient(ca, CLIENT_NAME, options.algorithm(), options.leafLifetime());
      changes.add(
          new PkiChange(
              "client",
              existing.isEmpty() ? PkiChange.Action.CREATE : PkiChange.Action.RENEW,
              why.get()));
    } else {
      client = existing.get().client();
      changes.add(
          new PkiChange("client", PkiChange.Action.KEEP, "valid until " + client.notAfter()));
    }
    return new Outcome(
        new RegistryPki(ca, server, serverTrust, client, userServer, decision.rollover()), changes);
  }

  private Optional<String> serverReason(
      IssuedCertificate server, IssuedCertificate ca, SubjectNames names) {
    if (!Rotation.signedBy(server.certificate(), ca.certificate())) {
      return Optional.of("it is not signed by the current CA");
    }
    List<String> missing = names.missingFrom(Rotation.namesOf(server.certificate()));
    if (!missing.isEmpty()) {
      return Optional.of("it does not name " + String.join(", ", missing));
    }
    return Rotation.renewalReason(server.certificate(), clock.instant());
  }

  private Optional<String> clientReason(IssuedCertificate client, IssuedCertificate ca) {
    if (!Rotation.signedBy(client.certificate(), ca.certificate())) {
      return Optional.of("it is not signed by the current CA");
    }
    return Rotation.renewalReason(client.certificate(), clock.instant());
  }
}
