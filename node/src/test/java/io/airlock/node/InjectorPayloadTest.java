package io.airlock.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlock.core.digest.Digest;
import io.airlock.core.testing.Command;
import io.airlock.core.testing.RandomBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectorPayloadTest {

  @TempDir Path dir;

  @Test
  void cutsIntoConfigMapSizedChunksThatSha256sumAccepts() throws IOException {
    byte[] content = RandomBytes.of(2 * InjectorPayload.CHUNK_BYTES + 5, 3);
    Path payload = Files.write(dir.resolve("payload.tar"), content);
    Path chunks = dir.resolve("chunks");

    InjectorPayload.Split split = InjectorPayload.split(payload, chunks);

    assertEquals(
        List.of("payload-0000", "payload-0001", "payload-0002"),
        split.chunks().stream().map(InjectorPayload.Chunk::name).toList());
    assertEquals(
        List.of((long) InjectorPayload.CHUNK_BYTES, (long) InjectorPayload.CHUNK_BYTES, 5L),
        split.chunks().stream().map(InjectorPayload.Chunk::size).toList());
    assertEquals(Digest.sha256(content), split.sha256());
    assertEquals(content.length, split.size());
    try (var listing = Files.list(chunks)) {
      assertEquals(3, listing.count(), "no partial files left");
    }
    // The list is in sha256sum's own format: the real tool checks it.
    split.writeSums(chunks.resolve(InjectorPayload.SUMS_FILE));
    Command.Result check =
        Command.run(
            List.of("sh", "-c", "cd '" + chunks + "' && sha256sum -c " + InjectorPayload.SUMS_FILE),
            Map.of(),
            Duration.ofSeconds(30));
    assertEquals(0, check.exitCode(), check.stderr());
    assertTrue(check.out().contains("payload-0002: OK"), check.out());
  }

  @Test
  void aPayloadOfExactlyOneChunkMakesOneChunk() throws IOException {
    Path payload = Files.write(dir.resolve("exact.tar"), new byte[InjectorPayload.CHUNK_BYTES]);
    InjectorPayload.Split split = InjectorPayload.split(payload, dir.resolve("chunks"));
    assertEquals(1, split.chunks().size());
  }

  @Test
  void argumentsNameTheChunksTheListAndEachAddress() {
    assertEquals(
        List.of(
            "--payload",
            "/seed/chunks",
            "--sums",
            "/seed/payload.sha256",
            "--listen",
            "127.0.0.1:5000",
            "--listen",
            "[::1]:5000"),
        InjectorPayload.arguments(
            "/seed/chunks", "/seed/payload.sha256", List.of("127.0.0.1:5000", "[::1]:5000")));
  }
}
