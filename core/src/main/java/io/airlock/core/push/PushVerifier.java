package io.airlock.core.push;

import io.airlock.core.AirlockException;
import io.airlock.core.CheckFailedException;
import io.airlock.core.digest.Digest;
import io.airlock.core.distribution.RegistryClient;
import io.airlock.core.distribution.RegistryEndpoint;
import io.airlock.core.distribution.RegistryFailure;
import io.airlock.core.progress.ProgressListener;
import java.io.InterruptedIOException;
import java.util.Optional;

/** Verifies after the push that every manifest reads back with its digest. */
record PushVerifier(RegistryClient client, ProgressListener listener, RegistryEndpoint endpoint) {

  void verify(PushPlan plan) throws AirlockException, InterruptedIOException {
    for (PushPlan.Artifact a : plan.artifacts()) {
      for (PushPlan.ManifestDoc m : a.manifests()) {
        try {
          Optional<byte[]> bytes = client.getManifest(a.repository(), m.reference(), null);
          if (bytes.isEmpty()) {
            throw new CheckFailedException(
                "Verification failed: "
                    + endpoint.host()
                    + "/"
                    + a.repository()
                    + " has no manifest "
                    + m.reference()
                    + " of "
                    + a.name()
                    + ".",
                "Run the push again.");
          }
          Digest actual =
              Digest.of(
                  m.digest().algorithm(),
                  m.digest().algorithm().newMessageDigest().digest(bytes.get()));
          if (!actual.equals(m.digest())) {
            throw new CheckFailedException(
                "Verification failed: "
                    + endpoint.host()
                    + "/"
                    + a.repository()
                    + " returns manifest "
                    + actual
                    + " for "
                    + m.reference()
                    + " of "
                    + a.name()
                    + ", not "
                    + m.digest()
                    + ".",
                "The registry rewrites manifests or another push changed the tag; nodes pulling by"
                    + " digest would fail.");
          }
        } catch (RegistryFailure f) {
          throw PushErrors.of(f, endpoint.host(), endpoint.plainHttp(), a.name(), null, false);
        } catch (InterruptedException e) {
          throw PushEngine.interrupted();
        }
      }
      listener.onEvent(
          new PushEvent.Artifact(
              a.name(),
              a.targetRef(endpoint.host()),
              a.digest(),
              PushEvent.ArtifactState.VERIFIED));
    }
  }
}
