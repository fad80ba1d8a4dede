package io.airlock.installer.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.airlock.core.BadInputException;
import io.airlock.core.oci.Json;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads and writes {@link InstallState} as the Secret {@code airlock-system/airlock-state}. */
public final class StateStore {

  public static final String NAME = "airlock-state";
  public static final String KEY = "state.json";

  private StateStore() {}

  public static Secret toSecret(InstallState state, String namespace) {
    String json;
    try {
      json =
          Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the install state", e);
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", "airlock")
        .addToLabels("app.kubernetes.io/part-of", "airlock")
        .addToAnnotations("airlock.io/state-schema", String.valueOf(state.schemaVersion()))
        .endMetadata()
        .withType("Opaque")
        .addToData(KEY, Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /**
   * The state in a Secret.
   *
   * @throws BadInputException when it is unreadable or written by a newer Airlock
   */
  public static InstallState fromSecret(Secret secret) throws BadInputException {
    String where = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    String encoded = secret.getData() == null ? null : secret.getData().get(KEY);
    if (encoded == null) {
      throw new BadInputException(
          "The state Secret " + where + " has no " + KEY + ".",
          "It was not written by Airlock, or was edited; move it aside (kubectl -n "
              + secret.getMetadata().getNamespace()
              + " delete secret "
              + NAME
              + ") and run again.");
    }
    try {
      byte[] json = Base64.getDecoder().decode(encoded);
      JsonNode tree = Json.parse(json);
      int version = tree.path("schemaVersion").asInt(0);
      if (version > InstallState.SCHEMA_VERSION) {
        throw new BadInputException(
            "The state in "
                + where
                + " was written by a newer Airlock (schema "
                + version
                + "; this Airlock knows up to "
                + InstallState.SCHEMA_VERSION
                + ").",
            "Use the Airlock version that installed this cluster, or a newer one.");
      }
      if (version < 1) {
        throw new BadInputException(
            "The state in " + where + " has no valid schemaVersion.",
            "Move the Secret aside and run again.");
      }
      return Json.MAPPER.treeToValue(tree, InstallState.class);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      throw new BadInputException(
          "The state in " + where + " is not valid: " + e.getMessage() + ".",
          "Move the Secret aside (kubectl -n "
              + secret.getMetadata().getNamespace()
              + " delete secret "
              + NAME
              + ") and run again; Airlock then plans a fresh install.",
          e);
    }
  }

  public static Optional<InstallState> read(
      io.fabric8.kubernetes.client.KubernetesClient client, String namespace)
      throws BadInputException {
    Secret s = client.secrets().inNamespace(namespace).withName(NAME).get();
    return s == null ? Optional.empty() : Optional.of(fromSecret(s));
  }
}
