package io.airlock.installer.cluster;

import io.airlock.core.AirlockException;
import io.airlock.core.RemoteFailureException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Turns the client library's exceptions into one clear message each: unreachable, untrusted TLS,
 * expired or rejected credentials (401), forbidden (403, with the server's own words), and anything
 * else with the server's Status message kept.
 */
public final class KubeErrors {

  private KubeErrors() {}

  /**
   * @param action what Airlock was doing, e.g. "list nodes"
   */
  public static AirlockException translate(
      KubernetesClientException e, String action, KubeConnection where) {
    Throwable cause = rootCause(e);
    String server = where.server();
    if (cause instanceof UnknownHostException
        || find(e, java.nio.channels.UnresolvedAddressException.class) != null) {
      return new RemoteFailureException(
          "Cannot resolve the API server's host name in " + server + " (to " + action + ").",
          "Check the server address in the kubeconfig, or DNS on this machine.",
          e);
    }
    if (cause instanceof ConnectException
        || cause instanceof NoRouteToHostException
        || cause instanceof HttpConnectTimeoutException
        || cause instanceof SocketTimeoutException
        || cause instanceof java.nio.channels.ClosedChannelException
        || (e.getCode() == 0
            && cause instanceof java.io.IOException
            && !(cause instanceof SSLException)
            && !(cause instanceof UnknownHostException))) {
      return new RemoteFailureException(
          "Cannot reach the Kubernetes API server at "
              + server
              + " (to "
              + action
              + "): "
              + describe(cause)
              + ".",
          "Check that the cluster is running and that kubeconfig context '"
              + where.context()
              + "' points at it (kubectl cluster-info); behind a bastion, open the tunnel first.",
          e);
    }
    SSLException tls = find(e, SSLException.class);
    if (tls != null) {
      return new RemoteFailureException(
          "TLS with the API server at "
              + server
              + " failed (to "
              + action
              + "): "
              + describe(cause)
              + ".",
          "The kubeconfig's certificate-authority data must match the cluster; get a current kubeconfig from the cluster.",
          e);
    }
    String status =
        Optional.ofNullable(e.getStatus())
            .map(s -> s.getMessage())
            .filter(m -> !m.isBlank())
            .orElse(null);
    if (e.getCode() == 401) {
      return new RemoteFailureException(
          "The API server at "
              + server
              + " rejected the credentials of kubeconfig context '"
              + where.context()
              + "' (401 Unauthorized, to "
              + action
              + "): the token or certificate is expired, revoked or for another cluster.",
          "Log in again or refresh the kubeconfig (for example aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials, oc login), then retry.",
          e);
    }
    if (e.getCode() == 403) {
      return new RemoteFailureException(
          "Forbidden to "
              + action
              + ": "
              + (status != null ? status : "the API server answered 403")
              + ".",
          "Run with a kubeconfig whose user may do this (a cluster admin), or ask an admin to grant it; 'airlock cluster probe' lists every permission Airlock needs.",
          e);
    }
    return new RemoteFailureException(
        "The API server at "
            + server
            + " failed to "
            + action
            + ": "
            + (status != null ? status.replaceAll("[.\\s]+$", "") : describe(e))
            + (e.getCode() > 0 ? " (" + KubeErrors.brief(e) + ")" : "")
            + ".",
        "Retry; if it persists, check the API server's health (kubectl get --raw /readyz).",
        e);
  }

  /** A short account for warnings: the HTTP status and the server's message, or the cause. */
  public static String brief(KubernetesClientException thrown) {
    KubernetesClientException e = effective(thrown);
    String status =
        Optional.ofNullable(e.getStatus())
            .map(s -> s.getMessage())
            .filter(m -> !m.isBlank())
            .orElse(null);
    if (e.getCode() > 0) {
      return "HTTP " + e.getCode() + (status != null ? ": " + status : "");
    }
    return describe(rootCause(e));
  }

  /** True when the failure is a 403 (forbidden) or 404, which probing treats as "not known". */
  public static boolean isForbidden(KubernetesClientException e) {
    return effective(e).getCode() == 403;
  }

  /** The HTTP status the server answered, or 0 when none. */
  public static int effectiveCode(KubernetesClientException e) {
    return effective(e).getCode();
  }

  public static boolean isNotFound(KubernetesClientException e) {
    return effective(e).getCode() == 404;
  }

  /**
   * The exception that carries the HTTP answer: the client wraps some failures ("An error has
   * occurred.") around the one with the code and the server's Status.
   */
  static KubernetesClientException effective(KubernetesClientException e) {
    KubernetesClientException best = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        if (best.getCode() <= 0 || (k.getStatus() != null && k.getStatus().getMessage() != null)) {
          best = k;
        }
      }
    }
    return best;
  }

  /** True when the server could not be reached or did not authenticate us at all. */
  public static boolean isFatal(KubernetesClientException e) {
    int code = effective(e).getCode();
    return code == 401 || code <= 0;
  }

  public static boolean isInterrupt(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException
          || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
        return true;
      }
    }
    return false;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage() == null ? null : t.getMessage().replaceAll("[.\\s]+$", "");
    if (m == null || m.isBlank()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.nio.channels.ClosedChannelException) {
        // What the client reports when nothing listens on the port or the connection was cut.
        return "connection refused or closed";
      }
    }
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
