package io.airlock.installer.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The CAs trusted beside the one that signs, while Airlock's CA is replaced in two runs so that a
 * pod with old files and a pod with new ones never disagree: first the new CA is published (every
 * trust bundle holds old and new, the old one still signs), then a later run switches (the new one
 * signs, the old certificate stays trusted without its key until it expires).
 *
 * @param next the new CA with its key, published but not signing yet; null when no rotation is
 *     under way
 * @param published when {@code next} was published; the switch waits {@link
 *     CaRotation#SWITCH_AFTER} from then. Null with {@code next} only in Secrets written by hand:
 *     the run then publishes it again
 * @param retired CAs that signed before the last switch: certificates only, trusted until they
 *     expire
 */
public record CaRollover(IssuedCertificate next, Instant published, List<X509Certificate> retired) {

  public static final CaRollover NONE = new CaRollover(null, null, List.of());

  public CaRollover {
    retired = List.copyOf(retired);
  }
}
