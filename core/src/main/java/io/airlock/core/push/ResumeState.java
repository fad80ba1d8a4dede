package io.airlock.core.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.AtomicFiles;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.UploadSession;
import io.airlock.core.oci.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The small file that lets an interrupted push continue: for each blob upload in progress, the
 * registry's upload URL and how many bytes it confirmed. Written after every confirmed chunk (temp
 * file and rename, so a kill never leaves it half-written), removed when the push succeeds. Blobs
 * already complete need no record: the registry says so when asked.
 */
final class ResumeState {

  private static final int VERSION = 1;

  private final Path file;
  private final String target;
  private final String bundle;
  private final Map<String, UploadSession> sessions = new LinkedHashMap<>();
  private boolean broken;

  private ResumeState(Path file, String target, String bundle) {
    this.file = file;
    this.target = target;
    this.bundle = bundle;
  }

  /** The state of pushing {@code bundle} to {@code target}, as a previous run left it. */
  static ResumeState load(Path dir, String target, Path bundle) {
    String bundleKey = bundle.toAbsolutePath().normalize().toString();
    Path file = dir.resolve("push-" + key(target + "\n" + bundleKey) + ".json");
    ResumeState state = new ResumeState(file, target, bundleKey);
    try {
      if (Files.isRegularFile(file)) {
        JsonNode root = Json.parse(Files.readAllBytes(file));
        if (root.path("version").asInt() == VERSION
            && target.equals(root.path("target").asText())
            && bundleKey.equals(root.path("bundle").asText())) {
          for (JsonNode u : root.path("uploads")) {
            state.sessions.put(
                u.path("repository").asText() + "@" + u.path("digest").asText(),
                new UploadSession(
                    URI.create(u.path("location").asText()), u.path("offset").asLong()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // A damaged state file only costs the resumption of partial uploads.
      state.sessions.clear();
    }
    return state;
  }

  Path file() {
    return file;
  }

  synchronized int size() {
    return sessions.size();
  }

  synchronized Optional<UploadSession> session(String repository, Digest digest) {
    return Optional.ofNullable(sessions.get(repository + "@" + digest));
  }

  synchronized void put(String repository, Digest digest, UploadSession session) {
    sessions.put(repository + "@" + digest, session);
    save();
  }

  synchronized void remove(String repository, Digest digest) {
    if (sessions.remove(repository + "@" + digest) != null) {
      save();
    }
  }

  /** The push succeeded: nothing to resume. */
  synchronized void delete() {
    sessions.clear();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A stale state file is ignored by the next run's status queries.
    }
  }

  private void save() {
    if (broken) {
      return;
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("version", VERSION);
    root.put("target", target);
    root.put("bundle", bundle);
    ArrayNode uploads = root.putArray("uploads");
    sessions.forEach(
        (key, session) -> {
          int at = key.lastIndexOf('@');
          uploads
              .addObject()
              .put("repository", key.substring(0, at))
              .put("digest", key.substring(at + 1))
              .put("location", session.location().toString())
              .put("offset", session.offset());
        });
    try {
      AtomicFiles.write(file, Json.MAPPER.writeValueAsBytes(root));
    } catch (IOException e) {
      // Resumption is a convenience: a read-only work directory must not fail the push.
      broken = true;
    }
  }

  private static String key(String text) {
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
  }
}
