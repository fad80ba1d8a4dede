package io.airlock.installer.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Identities and access: one service account per workload, none with an API token (no workload of
 * Airlock talks to the API server, so least privilege is no privilege), OpenShift's SCC grant where
 * a proxy mode needs it, and the registry's push credentials.
 */
final class AccessObjects {

  static final String REGISTRY_SA = "airlock-registry";
  static final String PROXY_SA = "airlock-proxy";
  static final String INJECTOR_SA = "airlock-injector";
  static final String AUTH_SECRET = "airlock-registry-auth";
  static final String PUSH_USER = "airlock-push";
  private static final SecureRandom RANDOM = new SecureRandom();

  private AccessObjects() {}

  static List<ServiceAccount> serviceAccounts(String namespace, boolean proxy) {
    List<ServiceAccount> out = new ArrayList<>();
    out.add(sa(REGISTRY_SA, namespace, "registry"));
    out.add(sa(INJECTOR_SA, namespace, "injector"));
    if (proxy) {
      out.add(sa(PROXY_SA, namespace, "proxy"));
    }
    return out;
  }

  private static ServiceAccount sa(String name, String namespace, String component) {
    return new ServiceAccountBuilder()
        .withMetadata(Labels.metadata(name, namespace, component))
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /** OpenShift: let the proxy and injector use a host-network/host-port SCC, nothing more. */
  static List<HasMetadata> openshiftScc(String namespace, String scc) {
    Role role =
        new RoleBuilder()
            .withMetadata(Labels.metadata("airlock-use-" + scc, namespace, "proxy"))
            .addNewRule()
            .withApiGroups("security.openshift.io")
            .withResources("securitycontextconstraints")
            .withResourceNames(scc)
            .withVerbs("use")
            .endRule()
            .build();
    RoleBinding binding =
        new RoleBindingBuilder()
            .withMetadata(Labels.metadata("airlock-use-" + scc, namespace, "proxy"))
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("Role")
            .withName(role.getMetadata().getName())
            .endRoleRef()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(PROXY_SA)
            .withNamespace(namespace)
            .endSubject()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(INJECTOR_SA)
            .withNamespace(namespace)
            .endSubject()
            .build();
    return List.of(role, binding);
  }

  /** The push user's password and its bcrypt htpasswd line (distribution's htpasswd auth). */
  /**
   * The push credentials' Secret with its name only: enough to find the live one, without the
   * bcrypt round of a new password (a tenth of a second in a cold JVM) at every re-run.
   */
  static Secret pushCredentialsName(String namespace) {
    return new SecretBuilder()
        .withNewMetadataLike(Labels.metadata(AUTH_SECRET, namespace, "registry"))
        .endMetadata()
        .build();
  }

  static Secret pushCredentials(String namespace) {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String password = java.util.HexFormat.of().formatHex(raw);
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 10);
    return new SecretBuilder()
        .withNewMetadataLike(Labels.metadata(AUTH_SECRET, namespace, "registry"))
        .addToAnnotations(
            "airlock.io/description",
            "push credentials of the registry's push endpoint (never exposed on a node)")
        .endMetadata()
        .withType("Opaque")
        .addToData("username", TlsSecrets.b64(PUSH_USER))
        .addToData("password", TlsSecrets.b64(password))
        .addToData("htpasswd", TlsSecrets.b64(PUSH_USER + ":" + hash + "\n"))
        .build();
  }

  static boolean verify(String password, String htpasswdLine) {
    String hash = htpasswdLine.substring(htpasswdLine.indexOf(':') + 1).trim();
    return OpenBSDBCrypt.checkPassword(hash, password.getBytes(StandardCharsets.UTF_8));
  }
}
