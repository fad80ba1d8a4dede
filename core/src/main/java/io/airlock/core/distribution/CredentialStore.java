package io.airlock.core.distribution;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds stored credentials for a registry the way docker, podman and skopeo do: {@code
 * REGISTRY_AUTH_FILE}, then {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json},
 * including their credential helpers ({@code credHelpers}, {@code credsStore}). Jib Core does the
 * reading, so every format those tools write is understood.
 */
public final class CredentialStore {

  private final Map<String, String> environment;
  private final Path home;

  public CredentialStore(Map<String, String> environment, Path home) {
    this.environment = Map.copyOf(environment);
    this.home = home;
  }

  public static CredentialStore system() {
    return new CredentialStore(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * Credentials stored for {@code host}, if any; a broken helper counts as none. Without an auth
   * file Jib is not touched: its classes (and Guava's, Google Auth's) cost a push's start about as
   * much as reading the bundle.
   */
  public Optional<Credentials> lookup(String host) {
    List<Path> files = configFiles();
    return files.isEmpty() ? Optional.empty() : JibReader.read(host, files, environment);
  }

  /** Jib reads the files; in a class of its own, so that verifying this one loads none of Jib. */
  private static final class JibReader {

    static Optional<Credentials> read(String host, List<Path> files, Map<String, String> env) {
      ImageReference ref = ImageReference.of(host, "airlock", null);
      CredentialRetrieverFactory factory =
          CredentialRetrieverFactory.forImage(ref, event -> {}, env);
      for (Path file : files) {
        CredentialRetriever retriever = factory.dockerConfig(file);
        try {
          Optional<Credential> found = retriever.retrieve();
          if (found.isPresent()) {
            return Optional.of(
                new Credentials(found.get().getUsername(), found.get().getPassword()));
          }
        } catch (CredentialRetrievalException e) {
          // A helper that fails is like no entry: anonymous access may still be enough.
        }
      }
      return Optional.empty();
    }
  }

  /** The auth files to consult, most specific first; missing ones are left out. */
  List<Path> configFiles() {
    List<Path> files = new ArrayList<>();
    String authFile = environment.get("REGISTRY_AUTH_FILE");
    if (authFile != null && !authFile.isBlank()) {
      files.add(Path.of(authFile));
    }
    String dockerConfig = environment.get("DOCKER_CONFIG");
    if (dockerConfig != null && !dockerConfig.isBlank()) {
      files.add(Path.of(dockerConfig, "config.json"));
    }
    files.add(home.resolve(".docker").resolve("config.json"));
    String runtimeDir = environment.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isBlank()) {
      files.add(Path.of(runtimeDir, "containers", "auth.json"));
    }
    return files.stream().filter(Files::isReadable).distinct().toList();
  }
}
