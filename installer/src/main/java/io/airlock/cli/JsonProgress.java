package io.airlock.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.oci.Json;
import io.airlock.core.progress.Notice;
import io.airlock.core.progress.ProgressEvent;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.progress.StepProgress;
import io.airlock.core.push.PushEvent;
import io.airlock.core.push.PushReport;
import java.io.PrintWriter;

/**
 * {@code --json-progress}: one JSON object per line on stderr, for scripts and front ends. Every
 * line has an {@code event} field; fields are only ever added, never renamed.
 */
final class JsonProgress implements ProgressListener {

  private static final long TOTALS_INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private long lastTotals;

  JsonProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    ObjectNode line = toJson(event);
    if (line == null) {
      return;
    }
    try {
      err.println(Json.MAPPER.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    err.flush();
  }

  private ObjectNode toJson(ProgressEvent event) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    if (event instanceof PushEvent.Started s) {
      o.put("event", "started");
      o.put("target", s.target());
      o.put("artifacts", s.artifacts());
      o.put("blobs", s.blobs());
      o.put("totalBytes", s.totalBytes());
    } else if (event instanceof PushEvent.Artifact a) {
      o.put("event", "artifact");
      o.put("name", a.name());
      o.put("target", a.target());
      o.put("digest", a.digest().toString());
      o.put("state", a.state().name().toLowerCase(java.util.Locale.ROOT));
    } else if (event instanceof PushEvent.BlobBytes b) {
      o.put("event", "blobProgress");
      o.put("artifact", b.artifact());
      o.put("digest", b.digest().toString());
      o.put("doneBytes", b.doneBytes());
      o.put("totalBytes", b.totalBytes());
    } else if (event instanceof PushEvent.BlobDone b) {
      o.put("event", "blob");
      o.put("artifact", b.artifact());
      o.put("digest", b.digest().toString());
      o.put("size", b.size());
      o.put("outcome", b.outcome().name().toLowerCase(java.util.Locale.ROOT));
    } else if (event instanceof PushEvent.Totals t) {
      long now = System.nanoTime();
      boolean last = t.artifactsDone() == t.artifactsTotal();
      if (!last && now - lastTotals < TOTALS_INTERVAL_NANOS) {
        return null;
      }
      lastTotals = now;
      o.put("event", "totals");
      o.put("doneBytes", t.doneBytes());
      o.put("totalBytes", t.totalBytes());
      o.put("sentBytes", t.sentBytes());
      o.put("bytesPerSecond", Math.round(t.bytesPerSecond()));
      o.put("etaSeconds", t.etaSeconds());
      o.put("artifactsDone", t.artifactsDone());
      o.put("artifactsTotal", t.artifactsTotal());
    } else if (event instanceof PushEvent.Retry r) {
      o.put("event", "retry");
      o.put("action", r.action());
      o.put("attempt", r.attempt());
      o.put("maxAttempts", r.maxAttempts());
      o.put("delayMillis", r.delayMillis());
      o.put("reason", r.reason());
    } else if (event instanceof PushEvent.Finished f) {
      o.put("event", "finished");
      o.set("report", report(f.report()));
    } else if (event instanceof Notice n) {
      o.put("event", "notice");
      o.put("level", n.level().name().toLowerCase(java.util.Locale.ROOT));
      o.put("message", n.message());
    } else if (event instanceof StepProgress s) {
      o.put("event", "step");
      o.put("step", s.step());
      o.put("item", s.item());
      o.put("doneBytes", s.doneBytes());
      o.put("totalBytes", s.totalBytes());
    } else {
      return null;
    }
    return o;
  }

  /** The push report as JSON; the same shape on stdout and in the finished event. */
  static ObjectNode report(PushReport r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("target", r.target());
    o.put("blobsUploaded", r.blobsUploaded());
    o.put("blobsMounted", r.blobsMounted());
    o.put("blobsPresent", r.blobsPresent());
    o.put("resumedUploads", r.resumedUploads());
    o.put("sentBytes", r.sentBytes());
    o.put("elapsedMillis", r.elapsed().toMillis());
    o.put("verified", r.verified());
    ArrayNode artifacts = o.putArray("artifacts");
    for (PushReport.Pushed p : r.artifacts()) {
      artifacts
          .addObject()
          .put("name", p.name())
          .put("kind", p.kind())
          .put("target", p.targetRef())
          .put("digest", p.digest().toString())
          .put("alreadyPresent", p.alreadyPresent());
    }
    return o;
  }
}
