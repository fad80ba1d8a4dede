package io.airlock.core.progress;

/**
 * Bytes done in one named step of a longer operation, e.g. unpacking a bundle or hashing a file.
 *
 * @param step what is happening, e.g. "unpack"
 * @param item the thing being worked on now, e.g. a member name
 * @param doneBytes bytes done so far in the step
 * @param totalBytes bytes the step will handle, or -1 when unknown
 */
public record StepProgress(String step, String item, long doneBytes, long totalBytes)
    implements ProgressEvent {}
