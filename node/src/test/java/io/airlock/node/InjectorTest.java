package io.airlock.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.archive.Compression;
import io.airlock.core.archive.TarWriter;
import io.airlock.core.digest.Digest;
import io.airlock.core.oci.ImageRef;
import io.airlock.core.oci.MediaTypes;
import io.airlock.core.sample.SampleBundle;
import io.airlock.core.testing.Closeables;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.Containerd;
import io.airlock.core.testing.FreePort;
import io.airlock.core.testing.Samples;
import io.airlock.core.testing.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed injector as a node runs it: a real OCI layout split into ConfigMap-sized chunks, the
 * amd64 build serving on 127.0.0.1 and [::1], the arm64 build under qemu serving the Jib images,
 * pulled by skopeo and by a private containerd.
 */
class InjectorTest {

  /** A name that resolves to [::1] only, for tools whose image references take no IPv6 literal. */
  private static final String V6_NAME = "seed.airlock.test";

  @TempDir static Path dir;

  private static SampleBundle.Result sample;
  private static InjectorPayload.Split split;
  private static Path chunks;
  private static Path sums;
  private static int port;
  private static BackgroundProcess amd64;
  private static int armPort;
  private static BackgroundProcess arm64;
  private static Containerd containerd;
  private static final String SERVING = "serving read-only";
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    Path tar = dir.resolve("sample.tar");
    sample = Samples.ociLayout(tar, 3, 512 * 1024, 7);
    chunks = dir.resolve("chunks");
    split = InjectorPayload.split(tar, chunks);
    sums = dir.resolve(InjectorPayload.SUMS_FILE);
    split.writeSums(sums);
    assertTrue(split.chunks().size() >= 4, "the sample should span several chunks");

    port = FreePort.find();
    amd64 = serve("amd64", chunks, sums, port);

    // The arm64 build serves the Jib-built node images, as the installer's payload will hold them.
    Path nodeTar = dir.resolve("node-images.tar");
    NodeImages.load().writeLayout(nodeTar);
    Path nodeChunks = dir.resolve("node-chunks");
    Path nodeSums = dir.resolve("node.sha256");
    InjectorPayload.split(nodeTar, nodeChunks).writeSums(nodeSums);
    armPort = FreePort.find();
    arm64 = serve("arm64", nodeChunks, nodeSums, armPort);
    containerd = Containerd.start(null);
  }

  /** The {@code arch} injector serving the payload on both loopbacks' {@code port}, once ready. */
  private static BackgroundProcess serve(String arch, Path chunks, Path sums, int port) {
    return BackgroundProcess.startAndAwait(
        command(arch, chunks, sums, List.of("127.0.0.1:" + port, "[::1]:" + port)), SERVING);
  }

  private static List<String> command(String arch, Path chunks, Path sums, List<String> listen) {
    return NodePrograms.command(
        arch,
        NodePrograms.injector(arch, dir),
        InjectorPayload.arguments(chunks.toString(), sums.toString(), listen));
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(containerd, arm64, amd64);
  }

  // ------------------------------------------------------------------ pulls by real clients

  @Test
  void skopeoCopiesEveryImageOverIpv4WithDigestsUnchanged() {
    for (SampleBundle.SampleImage image : sample.images()) {
      ImageRef ref = ImageRef.parse(image.ref());
      Path out = dir.resolve("v4-" + ref.repository().replace('/', '-'));
      Skopeo.copy(
          "docker://127.0.0.1:" + port + "/" + ref.repository() + ":" + ref.tag(),
          "oci:" + out + ":copy",
          "--all",
          "--src-tls-verify=false");
      assertEquals(image.digest(), Skopeo.digest("oci:" + out + ":copy"), image.ref());
    }
  }

  @Test
  void skopeoCopiesOverIpv6() {
    SampleBundle.SampleImage image = sample.images().get(0);
    ImageRef ref = ImageRef.parse(image.ref());
    String image6 = ref.repository() + ":" + ref.tag();
    assertEquals(
        image.digest(), Skopeo.copyOverIpv6(V6_NAME, port, image6, dir.resolve("v6-copy")));
    assertTrue(amd64.log().contains("injector: [::1]:"), "served over IPv6:\n" + amd64.log());
  }

  @Test
  void containerdPullsOverIpv4WithPlainHttp() {
    SampleBundle.SampleImage image = sample.images().get(0);
    ImageRef ref = ImageRef.parse(image.ref());
    String name = "127.0.0.1:" + port + "/" + ref.repository() + ":" + ref.tag();
    assertEquals(image.digest(), containerd.pull(name, "--plain-http", "--all-platforms"));
  }

  @Test
  void containerdPullsOverIpv6AsANodeMirrorConfigSendsIt() throws IOException {
    // A node reaches the seed registry through its registry host configuration (hosts.toml).
    // containerd 1.6's TOML parser rejects ']' inside a quoted table header, so the usual
    // [host."http://[::1]:PORT"] fails to parse (and a server line alone is refused): the host
    // goes in an inline table, which it does read.
    SampleBundle.SampleImage image = sample.images().get(1);
    ImageRef ref = ImageRef.parse(image.ref());
    Path hostsDir = dir.resolve("certs.d");
    Files.createDirectories(hostsDir.resolve(V6_NAME));
    Files.writeString(
        hostsDir.resolve(V6_NAME).resolve("hosts.toml"),
        "host = { \"http://[::1]:" + port + "\" = { capabilities = [\"pull\", \"resolve\"] } }\n");
    String name = V6_NAME + "/" + ref.repository() + ":" + ref.tag();
    assertEquals(
        image.digest(),
        containerd.pull(name, "--hosts-dir", hostsDir.toString(), "--all-platforms"));
  }

  @Test
  void arm64BuildServesTheJibImagesUnderQemu() {
    NodeImages images = NodeImages.load();
    NodeImage proxy = images.proxyImage();
    assertEquals(
        proxy.index(),
        Skopeo.copyOverIpv6(V6_NAME, armPort, proxy.reference(), dir.resolve("arm-proxy")));

    NodeImage injector = images.injectorImage();
    String name = "127.0.0.1:" + armPort + "/" + injector.reference();
    assertEquals(injector.index(), containerd.pull(name, "--plain-http", "--all-platforms"));
  }

  // ------------------------------------------------------------------ the protocol, exactly

  @Test
  void answersManifestsByTagAndDigestWithRegistryHeaders() throws Exception {
    SampleBundle.SampleImage multiArch = sample.images().get(0);
    ImageRef ref = ImageRef.parse(multiArch.ref());
    for (String host : List.of("127.0.0.1", "[::1]")) {
      String base = "http://" + host + ":" + port + "/v2/";
      HttpResponse<byte[]> root = get(base);
      assertEquals(200, root.statusCode());
      assertEquals(
          "registry/2.0", root.headers().firstValue("Docker-Distribution-API-Version").orElse(""));

      HttpResponse<byte[]> head = send("HEAD", base + ref.repository() + "/manifests/" + ref.tag());
      assertEquals(200, head.statusCode());
      assertEquals(MediaTypes.OCI_INDEX, head.headers().firstValue("Content-Type").orElse(""));
      assertEquals(
          multiArch.digest().toString(),
          head.headers().firstValue("Docker-Content-Digest").orElse(""));
      assertEquals(0, head.body().length);

      HttpResponse<byte[]> byDigest =
          get(base + ref.repository() + "/manifests/" + multiArch.digest());
      assertEquals(200, byDigest.statusCode());
      assertEquals(multiArch.digest(), Digest.sha256(byDigest.body()));
      assertEquals(
          String.valueOf(byDigest.body().length),
          byDigest.headers().firstValue("Content-Length").orElse(""));
    }
  }

  @Test
  void servesBlobsByteForByte() throws Exception {
    SampleBundle.SampleImage single = sample.images().get(1);
    ImageRef ref = ImageRef.parse(single.ref());
    String base = "http://127.0.0.1:" + port + "/v2/" + ref.repository();
    HttpResponse<byte[]> manifest = get(base + "/manifests/" + ref.tag());
    assertEquals(MediaTypes.OCI_MANIFEST, manifest.headers().firstValue("Content-Type").get());
    io.airlock.core.oci.Manifest parsed =
        io.airlock.core.oci.Manifest.parse(manifest.body(), MediaTypes.OCI_MANIFEST);
    for (io.airlock.core.oci.Descriptor d : parsed.references()) {
      HttpResponse<byte[]> blob = get(base + "/blobs/" + d.digest());
      assertEquals(200, blob.statusCode());
      assertEquals(d.size(), blob.body().length);
      assertEquals(d.digest(), Digest.sha256(blob.body()), "blob " + d.digest());
      assertEquals(
          d.digest().toString(), blob.headers().firstValue("Docker-Content-Digest").orElse(""));
    }
  }

  @Test
  void refusesWhatItDoesNotHoldAndEveryWrite() throws Exception {
    SampleBundle.SampleImage single = sample.images().get(1);
    ImageRef ref = ImageRef.parse(single.ref());
    String base = "http://127.0.0.1:" + port + "/v2/" + ref.repository();
    io.airlock.core.oci.Manifest parsed =
        io.airlock.core.oci.Manifest.parse(get(base + "/manifests/" + ref.tag()).body(), null);

    HttpResponse<byte[]> unknownTag = get(base + "/manifests/no-such-tag");
    assertEquals(404, unknownTag.statusCode());
    assertTrue(new String(unknownTag.body(), StandardCharsets.UTF_8).contains("MANIFEST_UNKNOWN"));
    // A layer is a blob, never a manifest.
    assertEquals(404, get(base + "/manifests/" + parsed.layers().get(0).digest()).statusCode());
    HttpResponse<byte[]> unknownBlob = get(base + "/blobs/" + Digest.sha256(new byte[] {1}));
    assertEquals(404, unknownBlob.statusCode());
    assertTrue(new String(unknownBlob.body(), StandardCharsets.UTF_8).contains("BLOB_UNKNOWN"));
    assertEquals(400, get(base + "/blobs/sha512:abc").statusCode());
    assertEquals(404, get("http://127.0.0.1:" + port + "/v2/Upper/manifests/x").statusCode());

    HttpResponse<byte[]> upload = send("POST", base + "/blobs/uploads/");
    assertEquals(405, upload.statusCode());
    assertEquals("GET, HEAD", upload.headers().firstValue("Allow").orElse(""));
    assertEquals(405, send("DELETE", base + "/manifests/" + single.digest()).statusCode());

    assertTrue(
        raw("GET /v2/x/blobs/../../../etc/passwd HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 40"));
    assertTrue(raw("GET /etc/passwd HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404"));
    assertTrue(raw("NONSENSE\r\n\r\n").startsWith("HTTP/1.1 400"));
    assertTrue(
        raw("GET /v2/ HTTP/1.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n")
            .startsWith("HTTP/1.1 431"));
    assertTrue(amd64.isAlive(), "bad requests never stop the injector");
  }

  // ------------------------------------------------------------------ stopping

  /**
   * In its pod the injector is the container's first process, which gets no default action for
   * SIGTERM: it must end on it itself, or the kubelet waits out the pod's grace period (30 s)
   * before the seed is gone. Run here as the first process of a PID namespace of its own.
   */
  @Test
  void asTheFirstProcessOfItsNamespaceItEndsOnSigterm() throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--pid", "--fork"));
    cmd.addAll(command("amd64", chunks, sums, List.of("127.0.0.1:" + FreePort.find())));
    try (BackgroundProcess p = BackgroundProcess.startAndAwait(cmd, SERVING)) {
      long t0 = System.nanoTime();
      p.signalProgram("TERM");
      assertTrue(
          p.awaitEnd(Duration.ofSeconds(10)),
          "the injector did not end on SIGTERM as its namespace's first process:\n" + p.log());
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(millis < 5000, "ended " + millis + " ms after SIGTERM");
    }
  }

  // ------------------------------------------------------------------ refusing to start

  @Test
  void refusesToStartOnACorruptChunkNamingIt() throws IOException {
    Path copy = copyChunks("corrupt");
    Path victim = copy.resolve(InjectorPayload.chunkName(2));
    byte[] bytes = Files.readAllBytes(victim);
    bytes[1000] ^= 0x01;
    Files.write(victim, bytes);
    Command.Result result = runInjector(copy, sums, "127.0.0.1:" + FreePort.find());
    assertEquals(1, result.exitCode());
    assertTrue(
        result.stderr().contains("chunk payload-0002 is corrupt: its SHA-256 is "),
        result.stderr());
    assertTrue(result.stderr().contains("refusing to serve: 1 of " + split.chunks().size()));
    assertTrue(!result.stderr().contains(SERVING), result.stderr());
  }

  @Test
  void refusesToStartOnAMissingChunkNamingIt() throws IOException {
    Path copy = copyChunks("missing");
    Files.delete(copy.resolve(InjectorPayload.chunkName(1)));
    Command.Result result = runInjector(copy, sums, "127.0.0.1:" + FreePort.find());
    assertEquals(1, result.exitCode());
    assertTrue(result.stderr().contains("chunk payload-0001 is missing"), result.stderr());
  }

  @Test
  void refusesAChunkListThatIsShortOfThePayload() throws IOException {
    // Dropping the last line of the list truncates the tar: the layout check catches it.
    List<String> lines = new ArrayList<>(Files.readAllLines(sums));
    lines.remove(lines.size() - 1);
    Path shortSums = dir.resolve("short.sha256");
    Files.write(shortSums, lines);
    Command.Result result = runInjector(chunks, shortSums, "127.0.0.1:" + FreePort.find());
    assertEquals(1, result.exitCode(), result.stderr());
  }

  @Test
  void refusesAPayloadThatIsNotAnOciLayout() throws IOException {
    Path tar = dir.resolve("not-a-layout.tar");
    try (TarWriter w = TarWriter.create(tar, Compression.NONE)) {
      w.addBytes("hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
    }
    Command.Result result = runSplit(tar, "not-a-layout");
    assertEquals(1, result.exitCode());
    assertTrue(result.stderr().contains("the payload holds no index.json"), result.stderr());
  }

  @Test
  void refusesALayoutMissingABlobOrWithADamagedManifest() throws IOException {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    Digest layer = Digest.sha256("absent".getBytes(StandardCharsets.UTF_8));
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\""
                + Digest.sha256(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER_GZIP
                + "\",\"digest\":\""
                + layer
                + "\",\"size\":6}]}")
            .getBytes(StandardCharsets.UTF_8);
    Digest manifestDigest = Digest.sha256(manifest);
    byte[] index =
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + manifestDigest
                + "\",\"size\":"
                + manifest.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);

    Path missing =
        withoutLayers(dir.resolve("missing-layer.tar"), index, config, manifestDigest, manifest);
    Command.Result result = runSplit(missing, "missing-layer");
    assertEquals(1, result.exitCode());
    assertTrue(
        result.stderr().contains("names " + layer + ", which the payload does not hold"),
        result.stderr());

    Path damaged = dir.resolve("damaged-manifest.tar");
    byte[] altered = manifest.clone();
    altered[altered.length - 2] = ' '; // still JSON, no longer the content its name promises
    withoutLayers(damaged, index, config, manifestDigest, altered);
    Command.Result damagedResult = runSplit(damaged, "damaged-manifest");
    assertEquals(1, damagedResult.exitCode());
    assertTrue(
        damagedResult.stderr().contains("does not match its digest"), damagedResult.stderr());
  }

  @Test
  void refusesBadConfigurationWithExitTwo() throws IOException {
    Command.Result anyAddress = runInjector(chunks, sums, "0.0.0.0:" + FreePort.find());
    assertEquals(2, anyAddress.exitCode());
    assertTrue(anyAddress.stderr().contains("is not a loopback address"), anyAddress.stderr());

    Command.Result hostName = runInjector(chunks, sums, "localhost:5000");
    assertEquals(2, hostName.exitCode());
    assertTrue(hostName.stderr().contains("is not an address such as"), hostName.stderr());

    Path escaping = dir.resolve("escaping.sha256");
    Files.writeString(escaping, "0".repeat(64) + "  ../../etc/passwd\n");
    Command.Result traversal = runInjector(chunks, escaping, "127.0.0.1:" + FreePort.find());
    assertEquals(2, traversal.exitCode());
    assertTrue(traversal.stderr().contains("leaves the payload directory"), traversal.stderr());

    Command.Result inUse = runInjector(chunks, sums, "127.0.0.1:" + port);
    assertEquals(2, inUse.exitCode());
    assertTrue(inUse.stderr().contains("cannot listen on 127.0.0.1:" + port), inUse.stderr());
  }

  @Test
  void checkModeListsTheTags() {
    Command.Result result =
        Command.run(
            List.of(
                NodePrograms.injector("amd64", dir).toString(),
                "--check",
                "--payload",
                chunks.toString(),
                "--sums",
                sums.toString()),
            Map.of(),
            Duration.ofMinutes(1));
    assertEquals(0, result.exitCode(), result.stderr());
    for (SampleBundle.SampleImage image : sample.images()) {
      assertTrue(result.out().contains(image.ref() + " " + image.digest()), result.out());
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Path copyChunks(String name) throws IOException {
    Path copy = Files.createDirectories(dir.resolve(name));
    for (InjectorPayload.Chunk c : split.chunks()) {
      Files.copy(chunks.resolve(c.name()), copy.resolve(c.name()));
    }
    return copy;
  }

  /** Splits a payload as the installer does and runs the injector on it. */
  private static Command.Result runSplit(Path tar, String name) throws IOException {
    Path chunkDir = dir.resolve(name + "-chunks");
    Path sumsFile = dir.resolve(name + ".sha256");
    InjectorPayload.split(tar, chunkDir).writeSums(sumsFile);
    return runInjector(chunkDir, sumsFile, "127.0.0.1:" + FreePort.find());
  }

  private static Command.Result runInjector(Path chunkDir, Path sumsFile, String listen) {
    List<String> cmd = new ArrayList<>();
    cmd.add(NodePrograms.injector("amd64", dir).toString());
    cmd.addAll(
        InjectorPayload.arguments(chunkDir.toString(), sumsFile.toString(), List.of(listen)));
    return Command.run(cmd, Map.of(), Duration.ofMinutes(1));
  }

  private static HttpResponse<byte[]> get(String uri) throws Exception {
    return send("GET", uri);
  }

  private static HttpResponse<byte[]> send(String method, String uri) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(20))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends bytes no HTTP client would, and returns the response head. */
  private static String raw(String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(64);
      assertNotEquals(
          0, head.length, "no answer to " + request.substring(0, Math.min(20, request.length())));
      return new String(head, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * A payload of an index, a config and a manifest stored as blob {@code manifestName}, and none of
   * the layers the manifest names.
   */
  private static Path withoutLayers(
      Path out, byte[] index, byte[] config, Digest manifestName, byte[] manifest)
      throws IOException {
    try (TarWriter w = TarWriter.create(out, Compression.NONE)) {
      w.addBytes("index.json", index);
      w.addBytes("blobs/sha256/" + Digest.sha256(config).hex(), config);
      w.addBytes("blobs/sha256/" + manifestName.hex(), manifest);
    }
    return out;
  }
}
