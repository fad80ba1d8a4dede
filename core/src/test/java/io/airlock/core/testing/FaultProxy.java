package io.airlock.core.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 proxy on a loopback port that forwards to a real registry and injects faults on
 * the requests a rule matches: an answer of its own (500, 429 with Retry-After), a connection
 * dropped after some body bytes, a stall, or a hold until the test releases it. It records every
 * request (method, path, Content-Range, body bytes forwarded) so tests can assert what was sent,
 * and can throttle request bodies so a push takes long enough to interrupt.
 */
public final class FaultProxy implements AutoCloseable {

  /** A request as it passed through. */
  public record Request(String method, String target, Map<String, String> headers, long bodyBytes) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** What a rule does to the requests it matches. */
  public enum Action {
    RESPOND,
    DROP_AFTER,
    STALL,
    HOLD
  }

  /** Matches {@code method} and a regex found in the request target, {@code times} times. */
  public static final class Rule {
    final String method;
    final Pattern target;
    final Action action;
    final int status;
    final Map<String, String> headers;
    final long bytes;
    String body =
        "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected by the test proxy\"}]}";
    String headerName;
    Pattern headerValue;
    int remaining;
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean forward = true;

    private Rule(
        String method,
        String target,
        int times,
        Action action,
        int status,
        Map<String, String> headers,
        long bytes) {
      this.method = method;
      this.target = Pattern.compile(target);
      this.remaining = times;
      this.action = action;
      this.status = status;
      this.headers = headers;
      this.bytes = bytes;
    }

    /** Answers with this body instead of the default UNAVAILABLE error. */
    public Rule withBody(String json) {
      this.body = json;
      return this;
    }

    /** Matches only requests whose header {@code name} has a value {@code regex} finds. */
    public Rule whenHeader(String name, String regex) {
      this.headerName = name.toLowerCase(Locale.ROOT);
      this.headerValue = Pattern.compile(regex);
      return this;
    }

    /** Waits until a request was held by this rule. */
    public boolean awaitHeld(long seconds) throws InterruptedException {
      return held.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets a held request go on to the registry. */
    public void release() {
      release.countDown();
    }

    /** Closes a held request's connection instead, as a network cut would. */
    public void drop() {
      forward = false;
      release.countDown();
    }
  }

  public static Rule respond(
      String method, String target, int times, int status, Map<String, String> headers) {
    return new Rule(method, target, times, Action.RESPOND, status, headers, 0);
  }

  public static Rule dropAfter(String method, String target, int times, long bodyBytes) {
    return new Rule(method, target, times, Action.DROP_AFTER, 0, Map.of(), bodyBytes);
  }

  public static Rule stall(String method, String target, int times) {
    return new Rule(method, target, times, Action.STALL, 0, Map.of(), 0);
  }

  public static Rule hold(String method, String target, int times) {
    return new Rule(method, target, times, Action.HOLD, 0, Map.of(), 0);
  }

  private final ServerSocket server;
  private final int upstreamPort;
  private final List<Rule> rules = Collections.synchronizedList(new ArrayList<>());
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
  private volatile long bytesPerSecond;
  private volatile boolean closed;

  private FaultProxy(ServerSocket server, int upstreamPort) {
    this.server = server;
    this.upstreamPort = upstreamPort;
  }

  /** Starts a proxy to {@code 127.0.0.1:upstreamPort}. */
  public static FaultProxy start(int upstreamPort) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      FaultProxy proxy = new FaultProxy(server, upstreamPort);
      Thread t = new Thread(proxy::acceptLoop, "fault-proxy-accept");
      t.setDaemon(true);
      t.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  public Rule add(Rule rule) {
    rules.add(rule);
    return rule;
  }

  public void clearRules() {
    synchronized (rules) {
      rules.forEach(Rule::drop);
      rules.clear();
    }
  }

  /** Limits request bodies to this rate (0 for none). */
  public void throttle(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Closes every connection now open, as a network cut would. */
  public void cutConnections() {
    synchronized (sockets) {
      for (Socket s : sockets) {
        closeQuietly(s);
      }
      sockets.clear();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = null;
    InputStream upIn = null;
    try {
      InputStream in = new BufferedInputStream(client.getInputStream(), 1 << 16);
      OutputStream out = client.getOutputStream();
      while (true) {
        Head head = readHead(in);
        if (head == null) {
          return;
        }
        Rule rule = match(head);
        if (rule != null && rule.action == Action.HOLD) {
          rule.held.countDown();
          rule.release.await();
          if (!rule.forward) {
            return;
          }
          rule = null;
        }
        if (rule != null && rule.action == Action.STALL) {
          requests.add(new Request(head.method, head.target, head.headers, 0));
          in.transferTo(OutputStream.nullOutputStream()); // until the client gives up
          return;
        }
        if (rule != null && rule.action == Action.RESPOND) {
          long drained = copyBody(head, in, OutputStream.nullOutputStream(), Long.MAX_VALUE);
          requests.add(new Request(head.method, head.target, head.headers, drained));
          byte[] body = rule.body.getBytes(StandardCharsets.UTF_8);
          StringBuilder response =
              new StringBuilder("HTTP/1.1 " + rule.status + " Injected\r\n")
                  .append("Content-Type: application/json\r\n")
                  .append("Content-Length: ")
                  .append(body.length)
                  .append("\r\n");
          rule.headers.forEach((k, v) -> response.append(k).append(": ").append(v).append("\r\n"));
          response.append("\r\n");
          out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
          out.write(body);
          out.flush();
          continue;
        }
        if (upstream == null) {
          upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
          sockets.add(upstream);
          upIn = new BufferedInputStream(upstream.getInputStream(), 1 << 16);
        }
        OutputStream up = upstream.getOutputStream();
        up.write(head.raw);
        if (rule != null && rule.action == Action.DROP_AFTER) {
          long n = copyBody(head, in, up, rule.bytes);
          requests.add(new Request(head.method, head.target, head.headers, n));
          up.flush();
          return; // finally closes both sides mid-body
        }
        long n = copyBody(head, in, up, Long.MAX_VALUE);
        up.flush();
        requests.add(new Request(head.method, head.target, head.headers, n));
        Head response = readHead(upIn);
        if (response == null) {
          return;
        }
        out.write(response.raw);
        int status = Integer.parseInt(response.method.split(" ")[1]);
        boolean noBody =
            head.method.equals("HEAD") || status == 204 || status == 304 || status < 200;
        if (!noBody) {
          copyBody(response, upIn, out, Long.MAX_VALUE);
        }
        out.flush();
        // The next request of this client goes over the same upstream connection.
        if (response.headers.getOrDefault("connection", "").equalsIgnoreCase("close")) {
          return;
        }
      }
    } catch (IOException e) {
      // A closed connection ends this exchange, as it would in a real network.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      if (upstream != null) {
        closeQuietly(upstream);
      }
    }
  }

  private Rule match(Head head) {
    synchronized (rules) {
      for (Rule r : rules) {
        if (r.remaining > 0
            && r.method.equals(head.method)
            && r.target.matcher(head.target).find()
            && (r.headerName == null
                || r.headerValue.matcher(head.headers.getOrDefault(r.headerName, "")).find())) {
          r.remaining--;
          return r;
        }
      }
    }
    return null;
  }

  /** A request or response head: the first line, headers, and its raw bytes. */
  private static final class Head {
    String method; // for a response: the status line
    String target = "";
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] raw;
  }

  private static Head readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      buf.write(b);
      matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
      if (buf.size() > 1 << 16) {
        throw new IOException("head too large");
      }
    }
    Head head = new Head();
    head.raw = buf.toByteArray();
    String[] lines = new String(head.raw, StandardCharsets.ISO_8859_1).split("\r\n");
    String first = lines[0];
    if (first.startsWith("HTTP/")) {
      head.method = first;
    } else {
      String[] parts = first.split(" ");
      head.method = parts[0];
      head.target = parts.length > 1 ? parts[1] : "";
    }
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        head.headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return head;
  }

  /** Copies a message body (Content-Length or chunked), at most {@code limit} bytes of it. */
  private long copyBody(Head head, InputStream in, OutputStream out, long limit)
      throws IOException {
    String length = head.headers.get("content-length");
    if (length != null) {
      long n = Long.parseLong(length);
      return copy(in, out, Math.min(n, limit));
    }
    if ("chunked".equalsIgnoreCase(head.headers.getOrDefault("transfer-encoding", ""))) {
      long total = 0;
      while (true) {
        String sizeLine = readLine(in);
        out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          String trailer;
          while (!(trailer = readLine(in)).isEmpty()) {
            out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          }
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
          return total;
        }
        total += copy(in, out, size);
        out.write((readLine(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    if (head.method.startsWith("HTTP/")) {
      return copy(in, out, Long.MAX_VALUE); // until the server closes
    }
    return 0;
  }

  private long copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long done = 0;
    long started = System.nanoTime();
    while (done < n) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, n - done));
      if (r < 0) {
        break;
      }
      out.write(buffer, 0, r);
      done += r;
      long rate = bytesPerSecond;
      if (rate > 0) {
        long due = started + done * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("interrupted");
          }
        }
      }
    }
    return done;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    closed = true;
    clearRules();
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
    cutConnections();
  }
}
