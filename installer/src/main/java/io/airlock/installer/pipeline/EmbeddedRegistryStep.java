package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.registry.LocalRegistry;
import io.airlock.installer.target.RegistryTarget;
import java.io.InterruptedIOException;

/**
 * Starts Airlock's registry on this machine's loopback (plain HTTP, no users), or takes the one the
 * session already runs. It keeps serving after the run: the caller stops it.
 */
final class EmbeddedRegistryStep implements InstallStep {

  @Override
  public String id() {
    return "embedded-registry";
  }

  @Override
  public String title() {
    return "Start the embedded registry";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    InstallRequest.Destination.Embedded e =
        (InstallRequest.Destination.Embedded) run.request().destination();
    LocalRegistry local = e.running();
    String detail;
    if (local == null) {
      try {
        local = LocalRegistry.start(e.storage(), e.listen(), run.listener());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while starting the embedded registry");
      }
      detail = "http://" + local.host() + ", storage " + local.storage();
    } else {
      detail = "already running at http://" + local.host() + ", storage " + local.storage();
    }
    run.embedded = local;
    run.pushTarget = new RegistryTarget(local.host(), "", true, null, false, null, false);
    return Result.done(detail);
  }
}
