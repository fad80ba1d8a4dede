package io.airlock.core.progress;

/**
 * Something worth telling the user about a long operation. Each feature defines its own event
 * records; renderers (terminal, JSON lines, the wizard) pick the ones they understand.
 */
public interface ProgressEvent {}
