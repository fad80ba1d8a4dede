package io.airlock.installer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.BadInputException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state record's round trip and the schema rules: newer schemas and damaged records are refused
 * with a way out.
 */
class StateStoreTest {

  static InstallState sample() {
    return new InstallState(
        1,
        "0.1.0",
        "hostport",
        new InstallState.Registry(
            "127.0.0.1:5000",
            "http",
            "site",
            false,
            "airlock-registry.airlock-system.svc:5443",
            null,
            null),
        "IPv4",
        "Talos",
        "v1.31.2",
        new InstallState.Pki(
            "ecdsa",
            new InstallState.Cert("aa", "2035-01-01T00:00:00Z"),
            new InstallState.Cert("bb", "2026-01-01T00:00:00Z"),
            new InstallState.Cert("aa", "2035-01-01T00:00:00Z"),
            new InstallState.Cert("cc", "2026-01-01T00:00:00Z"),
            false),
        List.of(
            new InstallState.InstalledObject(
                "apps/v1", "DaemonSet", "airlock-system", "airlock-proxy")),
        List.of(),
        "2025-06-01T00:00:00Z",
        InstallState.INSTALLED,
        List.of(),
        List.of());
  }

  static Secret withJson(String json) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("airlock-state")
        .withNamespace("airlock-system")
        .endMetadata()
        .addToData(
            "state.json", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  @Test
  void roundTripsThroughTheSecret() throws Exception {
    Secret s = StateStore.toSecret(sample(), "airlock-system");
    assertEquals("1", s.getMetadata().getAnnotations().get("airlock.io/state-schema"));
    assertEquals(sample(), StateStore.fromSecret(s));
    String json =
        new String(
            Base64.getDecoder().decode(s.getData().get("state.json")), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"schemaVersion\" : 1"), json);
    assertTrue(!json.contains("\"nodePort\""), "absent fields are left out: " + json);
  }

  @Test
  void unknownFieldsFromALaterMinorVersionAreIgnored() throws Exception {
    InstallState s =
        StateStore.fromSecret(
            withJson("{\"schemaVersion\":1,\"mode\":\"nodeport\",\"futureField\":42}"));
    assertEquals("nodeport", s.mode());
  }

  @Test
  void newerSchemaIsRefused() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> StateStore.fromSecret(withJson("{\"schemaVersion\":2,\"mode\":\"nodeport\"}")));
    assertEquals(
        "The state in airlock-system/airlock-state was written by a newer Airlock (schema 2; this Airlock knows up to 1).",
        e.getMessage());
  }

  @Test
  void damagedRecordSaysHowToStartOver() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> StateStore.fromSecret(withJson("{\"schemaVersion\":1,")));
    assertTrue(
        e.getMessage().startsWith("The state in airlock-system/airlock-state is not valid: "),
        e.getMessage());
    assertTrue(
        e.hint().orElseThrow().contains("kubectl -n airlock-system delete secret airlock-state"));
  }
}
