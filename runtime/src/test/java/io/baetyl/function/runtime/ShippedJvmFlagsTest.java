package io.baetyl.function.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.runtime.support.Clients;
import io.baetyl.function.runtime.support.CodeDirs;
import io.baetyl.function.runtime.support.RuntimeProcess;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime with the JVM flags it ships with (20 MiB heap, 256 KiB thread stacks): messages near the default
 * 4 MiB limit, one at a time (bytes and text of 3.5 MiB, JSON of 2 MiB), and deeply nested JSON, each through its
 * handler and back, with the instance still serving (it exits 0 on SIGTERM after each test).
 */
class ShippedJvmFlagsTest {

  private static final int SIZE = 3 * 1024 * 1024 + 512 * 1024;
  /** JSON text is parsed through UTF-16 char buffers: about five times a long string's size at the peak. */
  private static final int JSON_SIZE = 2 * 1024 * 1024;

  @TempDir Path work;
  private RuntimeProcess runtime;
  private ManagedChannel channel;

  @BeforeEach
  void startWithShippedFlags() throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    Files.writeString(work.resolve("service.yml"), """
        server: { address: 127.0.0.1:0 }
        functions:
          - { name: bytes, handler: io.baetyl.function.runtime.fixtures.Handlers::bytes, codedir: code }
          - { name: text, handler: io.baetyl.function.runtime.fixtures.Handlers::text, codedir: code }
          - { name: echo, handler: io.baetyl.function.runtime.fixtures.Handlers::echo, codedir: code }
        """);
    runtime = RuntimeProcess.startWithShippedFlags(work, "-c", "service.yml");
    channel = Clients.plaintext(runtime.awaitListeningPort());
  }

  @AfterEach
  void stop() throws Exception {
    Clients.close(channel);
    runtime.terminate();
    assertThat(runtime.awaitExit(Duration.ofSeconds(20))).as(runtime.stderr()).isZero();
    runtime.close();
  }

  private FunctionMessage call(String function, byte[] payload) {
    return Clients.stub(channel).call(Clients.message(function, payload));
  }

  private static byte[] filled(String prefix, String suffix) {
    return filled(SIZE, prefix, suffix);
  }

  private static byte[] filled(int size, String prefix, String suffix) {
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 'x');
    byte[] start = prefix.getBytes(StandardCharsets.US_ASCII);
    byte[] end = suffix.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(start, 0, payload, 0, start.length);
    System.arraycopy(end, 0, payload, size - end.length, end.length);
    return payload;
  }

  @Test
  void rawBytesPassThroughAByteArrayHandler() {
    byte[] payload = filled("<", ">");
    assertThat(call("bytes", payload).getPayload().toByteArray()).isEqualTo(payload);
    assertThat(call("echo", payload).getPayload().size()).isEqualTo(SIZE);
  }

  @Test
  void textBindsToAStringAndComesBackAsJson() {
    String reply = call("text", filled("<", ">")).getPayload().toStringUtf8();
    assertThat(reply).startsWith("{\"length\":" + SIZE + ",\"text\":\"<xxx").endsWith("xx>\"}");
  }

  @Test
  void aTwoMebibyteJsonStringEchoesAsJson() {
    assertThat(call("echo", filled(JSON_SIZE, "\"", "\"")).getPayload().size()).isEqualTo(JSON_SIZE);
  }

  @Test
  void aTwoMebibyteJsonObjectEchoesAsJson() {
    assertThat(call("echo", filled(JSON_SIZE, "{\"a\":\"", "\"}")).getPayload().size()).isEqualTo(JSON_SIZE);
  }

  @Test
  void deeplyNestedJsonEchoes() {
    int depth = 300;
    String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    assertThat(call("echo", nested.getBytes(StandardCharsets.US_ASCII)).getPayload().toStringUtf8())
        .isEqualTo(nested);
  }
}
