package io.airlock.installer.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which CA signs in this run and which others are trusted. A CA past half its lifetime is not
 * replaced at once: the run publishes a new CA (trusted everywhere, not signing), and a run at
 * least {@link #SWITCH_AFTER} later switches to it, keeping the old certificate trusted until it
 * expires. Between two runs the kubelet swaps each pod's Secret files at its own moment, so every
 * pairing of old and new files must accept each other; this order guarantees it.
 */
final class CaRotation {

  /**
   * How long a published CA waits before it signs. The kubelet refreshes a mounted Secret at its
   * next pod sync (every minute by default, jittered) once its Secret cache sees the change (a
   * watch: at once; the older TTL strategy: up to the node's TTL, at most five minutes in very
   * large clusters); the registry and the proxy then take the new files within seconds. Ten minutes
   * covers that sum with room to spare.
   */
  static final Duration SWITCH_AFTER = Duration.ofMinutes(10);

  /** The decision: the signing CA, the CAs beside it, the change line and why leaves renew. */
  record Decision(
      IssuedCertificate authority,
      CaRollover rollover,
      PkiChange change,
      Optional<String> leafReason) {}

  private final CertificateIssuer issuer;
  private final Instant now;

  CaRotation(CertificateIssuer issuer, Instant now) {
    this.issuer = issuer;
    this.now = now;
  }

  Decision decide(Optional<RegistryPki> existing, PkiOptions options) {
    if (existing.isEmpty()) {
      return new Decision(
          newAuthority(options),
          CaRollover.NONE,
          new PkiChange("ca", PkiChange.Action.CREATE, "no CA in the cluster yet"),
          Optional.of("new installation"));
    }
    IssuedCertificate old = existing.get().authority();
    CaRollover was = existing.get().rollover();
    List<X509Certificate> retired = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    for (X509Certificate r : was.retired()) {
      if (now.isBefore(r.getNotAfter().toInstant())) {
        retired.add(r);
      } else {
        expired.add(
            "the previous CA "
                + shortId(r)
                + " expired on "
                + r.getNotAfter().toInstant()
                + " and is no longer trusted");
      }
    }
    Optional<String> why = Rotation.renewalReason(old.certificate(), now);
    boolean oldExpired = !now.isBefore(old.notAfter());
    if (was.next() != null) {
      return was.published() != null
              && (oldExpired || !now.isBefore(was.published().plus(SWITCH_AFTER)))
          ? switchTo(old, was, retired, expired, oldExpired)
          : waiting(old, was, retired, expired);
    }
    if (why.isEmpty()) {
      return caDecision(
          old,
          new CaRollover(null, null, retired),
          PkiChange.Action.KEEP,
          join("valid until " + old.notAfter(), stillTrusted(retired), expired),
          !retired.isEmpty() || !expired.isEmpty(),
          Optional.empty());
    }
    IssuedCertificate next = newAuthority(options);
    if (oldExpired) {
      // Nothing to overlap with: every certificate the old CA signed has expired with it.
      return caDecision(
          next,
          new CaRollover(null, null, retired),
          PkiChange.Action.RENEW,
          join(
              why.get()
                  + "; replaced at once (no overlap is possible), nodes that trust the old CA"
                  + " need the new ca.crt",
              "",
              expired),
          true,
          Optional.of("its CA was renewed"));
    }
    return caDecision(
        old,
        new CaRollover(next, now, retired),
        PkiChange.Action.PUBLISH,
        join(
            why.get()
                + "; the new CA "
                + shortId(next.certificate())
                + " (valid until "
                + next.notAfter()
                + ") is published in every trust bundle beside the old one, which keeps"
                + " signing; "
                + switchWhen(now),
            stillTrusted(retired),
            expired),
        true,
        Optional.empty());
  }

  private Decision waiting(
      IssuedCertificate old, CaRollover was, List<X509Certificate> retired, List<String> expired) {
    Instant published = was.published() == null ? now : was.published();
    return caDecision(
        old,
        new CaRollover(was.next(), published, retired),
        was.published() == null ? PkiChange.Action.PUBLISH : PkiChange.Action.KEEP,
        join(
            "valid until "
                + old.notAfter()
                + "; the new CA "
                + shortId(was.next().certificate())
                + " published "
                + published
                + " is trusted beside it; "
                + switchWhen(published),
            stillTrusted(retired),
            expired),
        true,
        Optional.empty());
  }

  private Decision switchTo(
      IssuedCertificate old,
      CaRollover was,
      List<X509Certificate> retired,
      List<String> expired,
      boolean oldExpired) {
    List<X509Certificate> keep = new ArrayList<>();
    String oldNote;
    if (oldExpired) {
      oldNote = "the old CA expired on " + old.notAfter() + " and is no longer trusted";
    } else {
      keep.add(old.certificate());
      oldNote =
          "the old CA "
              + shortId(old.certificate())
              + " is still trusted until "
              + old.notAfter()
              + " (certificate only: its key is dropped)";
    }
    keep.addAll(retired);
    return caDecision(
        was.next(),
        new CaRollover(null, null, keep),
        PkiChange.Action.SWITCH,
        join(
            "the new CA "
                + shortId(was.next().certificate())
                + " published "
                + was.published()
                + " signs from now on, valid until "
                + was.next().notAfter()
                + "; "
                + oldNote,
            stillTrusted(retired),
            expired),
        true,
        Optional.of("its CA switched to the one published " + was.published()));
  }

  /** A decision whose change line is the CA's. */
  private static Decision caDecision(
      IssuedCertificate authority,
      CaRollover rollover,
      PkiChange.Action action,
      String reason,
      boolean rotation,
      Optional<String> leafReason) {
    return new Decision(
        authority, rollover, new PkiChange("ca", action, reason, rotation), leafReason);
  }

  private IssuedCertificate newAuthority(PkiOptions options) {
    // A distinct name per CA: verifiers that pick a trusted CA by name alone never mix up the old
    // and the new one while both are trusted.
    String name = PkiManager.CA_NAME + " " + now.toString().substring(0, 10);
    return issuer.newAuthority(name, options.algorithm(), options.caLifetime());
  }

  private static String switchWhen(Instant published) {
    return "the first run at or after "
        + published.plus(SWITCH_AFTER)
        + " switches to it (every pod must have the new trust files first)";
  }

  private static String stillTrusted(List<X509Certificate> retired) {
    return String.join(
        "; ",
        retired.stream()
            .map(
                r ->
                    "the previous CA "
                        + shortId(r)
                        + " is still trusted until "
                        + r.getNotAfter().toInstant())
            .toList());
  }

  private static String join(String first, String trusted, List<String> expired) {
    StringBuilder s = new StringBuilder(first);
    if (!trusted.isEmpty()) {
      s.append("; ").append(trusted);
    }
    expired.forEach(e -> s.append("; ").append(e));
    return s.toString();
  }

  /** The start of the SHA-256 fingerprint, enough to tell two CAs apart in a plan. */
  static String shortId(X509Certificate c) {
    return "sha256:" + IssuedCertificate.fingerprint(c).substring(0, 12);
  }
}
