package io.airlock.core.verify;

import io.airlock.core.BadInputException;
import io.airlock.core.progress.ProgressListener;
import java.io.InterruptedIOException;

/** Runs a verification the way the tests ask for one: built from a request, without progress. */
final class Verifications {

  private Verifications() {}

  static VerificationReport run(VerificationRequest.Builder request)
      throws BadInputException, InterruptedIOException {
    return run(request.build());
  }

  static VerificationReport run(VerificationRequest request)
      throws BadInputException, InterruptedIOException {
    return new Verification(ProgressListener.NONE).run(request);
  }
}
