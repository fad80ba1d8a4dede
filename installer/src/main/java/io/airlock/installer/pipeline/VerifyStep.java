package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.core.verify.Verification;
import io.airlock.core.verify.VerificationReport;
import java.io.InterruptedIOException;

/**
 * Establishes trust in the bundle before anything is installed: verifies it now, takes the
 * verification done earlier in the session, or records that the person chose to go on without. A
 * failed check stops the run here.
 */
final class VerifyStep implements InstallStep {

  @Override
  public String id() {
    return "verify";
  }

  @Override
  public String title() {
    return "Verify the bundle";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException, InterruptedIOException {
    InstallRequest.Trust trust = run.request().trust();
    if (trust instanceof InstallRequest.Trust.Unverified u) {
      run.unverifiedConfirmation = u.confirmation();
      return Result.skipped("NOT verified: going on without, by choice (" + u.confirmation() + ")");
    }
    VerificationReport report;
    if (trust instanceof InstallRequest.Trust.Verified v) {
      report = v.report();
    } else {
      report = new Verification(run.listener()).run(((InstallRequest.Trust.Check) trust).request());
    }
    run.verification = report;
    if (report.failure().isPresent()) {
      throw report.failure().get();
    }
    if (report.insecureSkipVerify()) {
      run.unverifiedConfirmation = "verification skipped on request";
      return Result.skipped("NOT verified: " + report.summary());
    }
    return Result.done(
        (trust instanceof InstallRequest.Trust.Verified ? "verified earlier: " : "")
            + report.summary());
  }
}
