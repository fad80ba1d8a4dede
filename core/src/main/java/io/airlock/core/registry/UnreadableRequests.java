package io.airlock.core.registry;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.concurrent.TimeUnit;

/**
 * Requests the HTTP decoder gave up on: a header section or request line over the limits, or a
 * header line that is not HTTP ({@code Transfer-Encoding : chunked}). The decoder then drops the
 * rest of the connection's bytes and never delivers a body, so the server answers at once and
 * closes, rather than leaving the connection open for as long as the client likes.
 */
final class UnreadableRequests {

  /** How long a closing connection keeps dropping what the client still sends. */
  static final long LINGER_MILLIS = 2000;

  private UnreadableRequests() {}

  private static RegistryException tooLong(int status, String what, int limitBytes) {
    return new RegistryException(
        ErrorCode.UNSUPPORTED,
        status,
        what + " is over the server's limit of " + limitBytes / 1024 + " KiB");
  }

  /** 431 for a header section over the limit, 414 for a request line, 400 for the rest. */
  static RegistryException error(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return tooLong(431, "the request's header section", RegistryServer.MAX_HEADER_BYTES);
    }
    if (cause instanceof TooLongHttpLineException) {
      return tooLong(414, "the request line", RegistryServer.MAX_REQUEST_LINE_BYTES);
    }
    String why = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    why = why.replaceAll("[\\p{Cntrl}]", " ");
    return new RegistryException(
        ErrorCode.UNSUPPORTED,
        400,
        "malformed HTTP request" + (why.isBlank() ? "" : ": " + Names.abbreviate(why)));
  }

  /**
   * Closes a connection whose request the decoder gave up on, after the answer: the client may
   * still be sending (the rest of an oversized header), and closing with bytes unread would reset
   * the connection and could lose the answer. So the server stops sending, drops what still arrives
   * for at most {@link #LINGER_MILLIS}, then closes: the connection holds a file handle for that
   * long at most, whatever the client does.
   */
  static void closeAfterLinger(Channel channel, boolean tls) {
    if (!tls && channel instanceof SocketChannel socket && socket.isActive()) {
      socket.shutdownOutput();
      channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      channel.close();
    }
  }
}
