package io.airlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airlock.core.AirlockException;
import io.airlock.core.progress.ProgressListener;
import io.airlock.core.testing.FuzzInputs;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target: one HTTP request as a client sends it (method, path with repository names,
 * references and digests, query parameters such as {@code n}, {@code last}, {@code digest}, headers
 * such as {@code Range}, {@code Content-Range}, {@code Authorization}, a body), through the
 * server's real decoder and handler on a store, without a socket. Allowed outcomes: any answer but
 * 500 (which means the registry failed on its input), and nothing thrown.
 */
@Tag("fuzz")
class RegistryRequestFuzzTest {

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS");
  private static final List<String> PATHS =
      List.of(
          "/v2/",
          "/v2/_catalog",
          "/v2/app/tags/list",
          "/v2/app/manifests/",
          "/v2/app/blobs/",
          "/v2/app/blobs/uploads/",
          "/v2/app/referrers/",
          "/healthz",
          "/metrics");
  private static final List<String> HEADERS =
      List.of(
          "Range",
          "Content-Range",
          "Content-Type",
          "Content-Length",
          "Authorization",
          "Accept",
          "Transfer-Encoding");

  private static final ServerContext CONTEXT = context();

  @FuzzTest(maxDuration = "5s")
  void request(FuzzedDataProvider data) {
    StringBuilder head = new StringBuilder();
    head.append(data.pickValue(METHODS)).append(' ');
    head.append(data.pickValue(PATHS)).append(data.consumeString(120));
    if (data.consumeBoolean()) {
      head.append('?').append(data.consumeString(120));
    }
    head.append(" HTTP/1.1\r\nHost: registry\r\n");
    int headers = data.consumeInt(0, 4);
    for (int i = 0; i < headers; i++) {
      head.append(data.pickValue(HEADERS)).append(": ").append(data.consumeString(80));
      head.append("\r\n");
    }
    byte[] body = data.consumeRemainingAsBytes();
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(body);

    EmbeddedChannel channel =
        new EmbeddedChannel(new HttpServerCodec(8192, 32 * 1024, 1 << 20), handler());
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(request.toByteArray()));
      channel.checkException();
      for (Object out; (out = channel.readOutbound()) != null; ) {
        try {
          if (out instanceof HttpResponse response) {
            assertNotEquals(500, response.status().code(), "the registry failed on its input");
          }
        } finally {
          ReferenceCountUtil.release(out);
        }
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static RegistryHandler handler() {
    return new RegistryHandler(CONTEXT, false);
  }

  private static ServerContext context() {
    try {
      Path dir = FuzzInputs.scratch("registry");
      DiskStore store = DiskStore.open(dir.resolve("store"), 64L << 20);
      return new ServerContext(
          new Registry(store, null, false),
          ServerOptions.loopback(new java.net.InetSocketAddress("127.0.0.1", 0)),
          new Metrics(),
          ProgressListener.NONE);
    } catch (AirlockException e) {
      throw new IllegalStateException(e);
    }
  }
}
