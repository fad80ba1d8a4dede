package io.airlock.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlock.core.archive.ContentSource;
import io.airlock.core.archive.FileSlice;
import io.airlock.core.archive.InlineContent;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Netty's side of answering a request: the spec's headers, error bodies, content sent in place
 * (sendfile on plain HTTP, 64 KiB chunks over TLS), keep-alive, and the metrics and access log
 * entry of each answer once it is on the wire.
 */
record Responder(ServerContext server, boolean tls) {

  private static final String API_VERSION = "Docker-Distribution-API-Version";
  private static final int FILE_CHUNK = 1 << 16;

  static HttpHeaders headers() {
    HttpHeaders h = new io.netty.handler.codec.http.DefaultHttpHeaders();
    h.set(API_VERSION, "registry/2.0");
    return h;
  }

  /** The spec's headers with a JSON content type. */
  private static HttpHeaders jsonHeaders() {
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return h;
  }

  private static byte[] jsonBytes(ObjectNode body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  void sendJson(ChannelHandlerContext ctx, Exchange ex, ObjectNode body, @Nullable String link) {
    byte[] bytes = jsonBytes(body);
    HttpHeaders h = jsonHeaders();
    if (link != null) {
      h.set("Link", link);
    }
    sendFull(ctx, ex, HttpResponseStatus.OK, h, bytes, null);
  }

  void sendText(
      ChannelHandlerContext ctx, Exchange ex, HttpResponseStatus status, String type, String text) {
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, type);
    sendFull(ctx, ex, status, h, text.getBytes(StandardCharsets.UTF_8), null);
  }

  void sendCreated(
      ChannelHandlerContext ctx,
      Exchange ex,
      String location,
      Digest digest,
      @Nullable Digest subject) {
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.LOCATION, location);
    h.set("Docker-Content-Digest", digest.toString());
    if (subject != null) {
      h.set("OCI-Subject", subject.toString());
    }
    sendEmpty(ctx, ex, HttpResponseStatus.CREATED, h);
  }

  void sendUploadStatus(
      ChannelHandlerContext ctx,
      Exchange ex,
      HttpResponseStatus status,
      String repo,
      String id,
      long size) {
    HttpHeaders h = headers();
    h.set(HttpHeaderNames.LOCATION, "/v2/" + repo + "/blobs/uploads/" + id);
    h.set(HttpHeaderNames.RANGE, "0-" + Math.max(0, size - 1));
    h.set("Docker-Upload-UUID", id);
    sendEmpty(ctx, ex, status, h);
  }

  void sendEmpty(ChannelHandlerContext ctx, Exchange ex, HttpResponseStatus status, HttpHeaders h) {
    sendFull(ctx, ex, status, h, new byte[0], null);
  }

  void sendError(ChannelHandlerContext ctx, Exchange ex, RegistryException e) {
    if (e.isStorageFull()) {
      server
          .storageFull()
          .refused(ex.method.name(), ex.uri, ex.header(HttpHeaderNames.CONTENT_LENGTH), e);
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("code", e.code().name());
    error.put("message", e.getMessage());
    byte[] bytes = jsonBytes(body);
    HttpHeaders h = jsonHeaders();
    if (e.code() == ErrorCode.UNAUTHORIZED) {
      h.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"airlock\"");
    }
    sendFull(ctx, ex, HttpResponseStatus.valueOf(e.status()), h, bytes, e.code().name());
  }

  void sendFull(
      ChannelHandlerContext ctx,
      Exchange ex,
      HttpResponseStatus status,
      HttpHeaders h,
      byte[] body,
      @Nullable String errorCode) {
    boolean head = ex.method.equals(HttpMethod.HEAD);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body),
            h,
            io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    HttpUtil.setContentLength(response, body.length);
    keepAlive(response, ex);
    ChannelFuture f = ctx.writeAndFlush(response);
    done(ctx, f, ex, status.code(), head ? 0 : body.length, errorCode);
  }

  /** Sends {@code length} bytes of content from {@code start}: in place from files. */
  void send(
      ChannelHandlerContext ctx,
      Exchange ex,
      HttpResponseStatus status,
      HttpHeaders h,
      ContentSource content,
      long start,
      long length)
      throws IOException {
    boolean head = ex.method.equals(HttpMethod.HEAD);
    if (head || content instanceof InlineContent) {
      byte[] bytes;
      if (head) {
        bytes = new byte[0];
      } else {
        try (InputStream in = content.open()) {
          in.skipNBytes(start);
          bytes = in.readNBytes((int) length);
        }
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              status,
              Unpooled.wrappedBuffer(bytes),
              h,
              io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
      HttpUtil.setContentLength(response, length);
      keepAlive(response, ex);
      done(ctx, ctx.writeAndFlush(response), ex, status.code(), bytes.length, null);
      return;
    }
    FileSlice slice = (FileSlice) content;
    FileChannel channel = FileChannel.open(slice.file(), StandardOpenOption.READ);
    try {
      if (channel.size() < slice.offset() + slice.size()) {
        throw new IOException(
            slice.file()
                + " is truncated: it has "
                + channel.size()
                + " bytes, content runs to "
                + (slice.offset() + slice.size()));
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, h);
    HttpUtil.setContentLength(response, length);
    keepAlive(response, ex);
    ctx.write(response);
    ChannelFuture f;
    if (tls) {
      f =
          ctx.writeAndFlush(
              new HttpChunkedInput(
                  new ChunkedNioFile(channel, slice.offset() + start, length, FILE_CHUNK)));
    } else {
      ctx.write(new DefaultFileRegion(channel, slice.offset() + start, length));
      f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    done(ctx, f, ex, status.code(), length, null);
  }

  private static void keepAlive(HttpResponse response, Exchange ex) {
    if (ex.keepAlive && !ex.close) {
      if (!ex.request.protocolVersion().isKeepAliveDefault()) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  private void done(
      ChannelHandlerContext ctx,
      ChannelFuture f,
      Exchange ex,
      int status,
      long bytesOut,
      @Nullable String errorCode) {
    f.addListener(
        future -> {
          long sent = future.isSuccess() ? bytesOut : 0;
          server
              .metrics()
              .finished(
                  ex.route.kind().label(), ex.method.name(), status, ex.bytesIn, sent, errorCode);
          if (ex.route.isApi() || status >= 400) {
            server
                .listener()
                .onEvent(
                    new AccessLogEntry(
                        ex.start,
                        remote(ctx),
                        ex.user,
                        ex.method.name(),
                        ex.uri,
                        future.isSuccess() ? status : 499,
                        ex.bytesIn,
                        sent,
                        (System.nanoTime() - ex.startNanos) / 1_000_000,
                        Optional.ofNullable(ex.header(HttpHeaderNames.USER_AGENT)).orElse("-")));
          }
        });
    if (ex.close) {
      f.addListener(future -> UnreadableRequests.closeAfterLinger(ctx.channel(), tls));
    } else if (!ex.keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    } else {
      f.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  private static String remote(ChannelHandlerContext ctx) {
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
      return ListenAddress.format(a);
    }
    return String.valueOf(ctx.channel().remoteAddress());
  }
}
