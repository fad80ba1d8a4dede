package io.airlock.core.registry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Request counters by route, in the Prometheus text format: requests, bytes in and out, and errors
 * by route and spec error code. Written by hand: a few counters do not need a library.
 */
final class Metrics {

  private record RequestKey(String route, String method, int status) {}

  private record ErrorKey(String route, String code) {}

  private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> bytesOut = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> bytesIn = new ConcurrentHashMap<>();
  private final Map<ErrorKey, LongAdder> errors = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  void started() {
    inFlight.incrementAndGet();
  }

  void finished(
      String route, String method, int status, long in, long out, @Nullable String errorCode) {
    inFlight.decrementAndGet();
    requests
        .computeIfAbsent(new RequestKey(route, method, status), k -> new LongAdder())
        .increment();
    bytesOut.computeIfAbsent(route, k -> new LongAdder()).add(out);
    bytesIn.computeIfAbsent(route, k -> new LongAdder()).add(in);
    if (errorCode != null) {
      errors.computeIfAbsent(new ErrorKey(route, errorCode), k -> new LongAdder()).increment();
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  String render() {
    StringBuilder s = new StringBuilder();
    Map<String, Long> byRequest = new TreeMap<>();
    requests.forEach(
        (k, v) ->
            byRequest.put(
                "{route=\""
                    + k.route()
                    + "\",method=\""
                    + k.method()
                    + "\",status=\""
                    + k.status()
                    + "\"}",
                v.sum()));
    series(s, "airlock_registry_requests_total", "Requests answered.", "counter", byRequest);
    Map<String, Long> out = new TreeMap<>();
    bytesOut.forEach((route, v) -> out.put("{route=\"" + route + "\"}", v.sum()));
    series(s, "airlock_registry_response_bytes_total", "Bytes of response bodies.", "counter", out);
    Map<String, Long> in = new TreeMap<>();
    bytesIn.forEach((route, v) -> in.put("{route=\"" + route + "\"}", v.sum()));
    series(s, "airlock_registry_request_bytes_total", "Bytes of request bodies.", "counter", in);
    Map<String, Long> byError = new TreeMap<>();
    errors.forEach(
        (k, v) -> byError.put("{route=\"" + k.route() + "\",code=\"" + k.code() + "\"}", v.sum()));
    series(s, "airlock_registry_errors_total", "Error responses by spec code.", "counter", byError);
    // The scrape asking is itself in flight; report the others.
    series(
        s,
        "airlock_registry_in_flight_requests",
        "Requests being answered now.",
        "gauge",
        Map.of("", (long) Math.max(0, inFlight.get() - 1)));
    return s.toString();
  }

  private static void series(
      StringBuilder s, String name, String help, String type, Map<String, Long> values) {
    s.append("# HELP ").append(name).append(' ').append(help).append('\n');
    s.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    values.forEach((labels, v) -> s.append(name).append(labels).append(' ').append(v).append('\n'));
  }
}
