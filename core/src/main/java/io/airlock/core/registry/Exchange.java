package io.airlock.core.registry;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What is known about the request being answered. */
final class Exchange {
  final HttpRequest request;
  final HttpMethod method;
  final String uri;
  final Route route;
  final Map<String, List<String>> query;
  final long startNanos = System.nanoTime();
  final Instant start = Instant.now();
  final boolean keepAlive;

  /** True when the connection must close after the answer, whatever the client asked. */
  boolean close;

  String user = "-";
  RequestBody body = RequestBody.NONE;
  @Nullable RegistryException pending;
  long bytesIn;

  Exchange(HttpRequest request) {
    this.request = request;
    this.method = request.method();
    this.uri = request.uri();
    QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
    this.route = Route.of(decoder.path());
    this.query = decoder.parameters();
    this.keepAlive = HttpUtil.isKeepAlive(request);
  }

  @Nullable String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  String header(CharSequence name) {
    return request.headers().get(name);
  }
}
