package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import java.io.InterruptedIOException;
import java.util.Locale;

/**
 * One named step of an installation. Every step is idempotent (it does only what is missing, so a
 * second run after a failure, a Ctrl-C or a {@code kill -9} continues where the first stopped),
 * cancellable (it honours the thread's interrupt and throws {@link InterruptedIOException}) and
 * reports through the run's listener.
 */
public interface InstallStep {

  /** A short stable name: {@code verify}, {@code seed}, {@code push}... */
  String id();

  /** What a person reads: "Verify the bundle". */
  String title();

  /** Does the step's work: what is missing, nothing else. */
  Result run(InstallRun run) throws AirlockException, InterruptedIOException;

  /** "2.5 s": a step's duration in nanoseconds as its detail line gives it. */
  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  /**
   * How a step ended well.
   *
   * @param detail one line on what it did (or why it did not apply), for the step list and report
   */
  record Result(StepStatus status, String detail) {

    public static Result done(String detail) {
      return new Result(StepStatus.DONE, detail);
    }

    public static Result skipped(String why) {
      return new Result(StepStatus.SKIPPED, why);
    }
  }
}
