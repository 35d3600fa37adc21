package io.baetyl.function.runtimeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.runtimeimage.fixture.SlowEcho;
import io.baetyl.function.testinfra.CgroupStats;
import io.baetyl.function.testinfra.FreePorts;
import io.baetyl.function.testinfra.OciBundles;
import io.baetyl.function.testinfra.RuncContainer;
import io.baetyl.function.testinfra.Skopeo;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime image as built by this module: read back, unpacked and run with runc. */
class RuntimeImageIT {

  private static final long MEMORY_LIMIT = 50L * 1024 * 1024;
  private static final int PIDS_LIMIT = 20;
  private static final String FUNCTION = "echo";
  private static final String CODEDIR = "/var/db/baetyl/function-echo";

  @TempDir static Path work;

  private static Path tar;
  private static Path bundle;
  private static Path configDir;
  private static Path codeDir;

  @BeforeAll
  static void unpackImage() throws IOException {
    tar = Path.of(System.getProperty("baetyl.runtimeImage.tar"));
    assertThat(tar).as("the runtime image tar built in the package phase").isRegularFile();
    bundle = OciBundles.fromDockerArchive(tar, work.resolve("oci"));
    codeDir = work.resolve("function-echo");
    String classFile = SlowEcho.class.getName().replace('.', '/') + ".class";
    Path target = codeDir.resolve("classes").resolve(classFile);
    Files.createDirectories(target.getParent());
    try (InputStream in = SlowEcho.class.getClassLoader().getResourceAsStream(classFile)) {
      Files.write(target, in.readAllBytes());
    }
    configDir = work.resolve("etc-baetyl");
    Files.createDirectories(configDir);
    Files.writeString(configDir.resolve("service.yml"), "functions:\n"
        + "  - name: " + FUNCTION + "\n"
        + "    handler: " + SlowEcho.class.getName() + "\n"
        + "    codedir: " + CODEDIR.substring(1) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void readsBackAsANonRootImageThatStartsJavaDirectly() {
    Map<String, Object> config = Skopeo.create().inspectConfig("docker-archive:" + tar, false);
    @SuppressWarnings("unchecked")
    Map<String, Object> container = (Map<String, Object>) config.get("config");
    assertThat(container.get("User")).isEqualTo("65532:65532");
    assertThat(container.get("WorkingDir")).isEqualTo("/");
    @SuppressWarnings("unchecked")
    List<String> entrypoint = (List<String>) container.get("Entrypoint");
    assertThat(entrypoint).startsWith("/opt/java/bin/java", "-XX:Flags=/opt/baetyl/jvm.flags",
        "-XX:SharedArchiveFile=/opt/baetyl/cds/runtime.jsa");
    assertThat(entrypoint).endsWith("io.baetyl.function.runtime.Main");
    @SuppressWarnings("unchecked")
    List<String> environment = (List<String>) container.get("Env");
    assertThat(environment).contains("MALLOC_ARENA_MAX=2", "MALLOC_MMAP_THRESHOLD_=131072",
        "MALLOC_TRIM_THRESHOLD_=131072");
    assertThat(Skopeo.create().layerDigests("docker-archive:" + tar, false)).hasSize(5);
    assertThat(bundle.resolve("rootfs/opt/baetyl/jvm.flags")).content()
        .contains("MaxHeapSize=20m", "+UseSerialGC");
    assertThat(bundle.resolve("rootfs/bin/sh")).doesNotExist();
  }

  @Test
  void fourMegabyteEchoesOneAfterAnotherFitIn50Mib() throws Exception {
    // before glibc's allocator was sized (image environment) and direct memory capped at 10 MiB, the kernel
    // killed the container after three or four of these
    int port = FreePorts.next();
    try (RuncContainer container = start(port, null)) {
      container.awaitOutput("service started", Duration.ofSeconds(30));
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
          .maxInboundMessageSize(8 << 20).build();
      try {
        FunctionGrpc.FunctionBlockingStub stub = FunctionGrpc.newBlockingStub(channel);
        String large = "x".repeat(4_000_000);
        for (int i = 0; i < 12; i++) {
          FunctionMessage reply = stub.withDeadlineAfter(20, TimeUnit.SECONDS).call(message(i, large));
          assertThat(reply.getPayload().size()).as("echo %d", i).isEqualTo(large.length());
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      container.signal("TERM");
      assertThat(container.waitForExit(Duration.ofSeconds(20))).isZero();
    }
  }

  @Test
  void servesConcurrentCallsInside50MibAnd20PidsAndDrainsOnSigterm() throws Exception {
    int port = FreePorts.next();
    try (RuncContainer container = start(port, null)) {
      container.awaitOutput("service started", Duration.ofSeconds(30));
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
          .usePlaintext().build();
      try {
        FunctionGrpc.FunctionBlockingStub stub = FunctionGrpc.newBlockingStub(channel);
        FunctionMessage reply = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
            .call(message(1, "{\"hello\":\"baetyl\"}"));
        assertThat(reply.getPayload().toStringUtf8()).isEqualTo("{\"hello\":\"baetyl\"}");
        assertThat(reply.getID()).isEqualTo(1);

        AtomicInteger ok = new AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(32);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
          int thread = t;
          running.add(clients.submit(() -> {
            int i = 0;
            while (System.nanoTime() < end) {
              try {
                FunctionMessage r = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .call(message(thread * 100_000L + i, "{\"n\":" + i + "}"));
                if (r.getPayload().toStringUtf8().equals("{\"n\":" + i + "}")) {
                  ok.incrementAndGet();
                } else {
                  failures.add(new AssertionError("wrong reply " + r.getPayload().toStringUtf8()));
                }
              } catch (RuntimeException e) {
                failures.add(e);
              }
              i++;
            }
          }));
        }
        for (Future<?> f : running) {
          f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(failures).isEmpty();
        // the machine is shared: the count only shows that load really ran
        assertThat(ok.get()).isGreaterThan(100);

        Future<FunctionMessage> inFlight = Executors.newSingleThreadExecutor().submit(() ->
            stub.withDeadlineAfter(20, TimeUnit.SECONDS).call(message(7, "{\"sleepMillis\":1500}")));
        container.awaitOutput("slow call started", Duration.ofSeconds(10));
        container.signal("TERM");
        assertThat(inFlight.get(20, TimeUnit.SECONDS).getPayload().toStringUtf8())
            .isEqualTo("{\"sleepMillis\":1500}");
        assertThat(container.waitForExit(Duration.ofSeconds(20))).isZero();

        CgroupStats stats = container.cgroupStats();
        assertThat(stats.oomKills()).as("OOM kills").isZero();
        assertThat(stats.pidsMaxEvents()).as("refused thread creations").isZero();
        assertThat(stats.memoryLimitBytes()).isEqualTo(MEMORY_LIMIT);
        System.out.printf("runtime image under load: %d calls, memory peak %.1f MiB, pids peak %d%n",
            ok.get(), stats.memoryPeakBytes() / 1048576.0, stats.pidsPeak());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void usesTheCdsArchiveAndLetsJavaToolOptionsOverrideTheDefaultFlags() {
    int port = FreePorts.next();
    String options = "-Xshare:on -Xlog:class+load=info -XX:MaxHeapSize=64m -XX:+PrintFlagsFinal";
    try (RuncContainer container = start(port, options)) {
      container.awaitOutput("service started", Duration.ofSeconds(30));
      String out = container.stdout();
      assertThat(out).containsPattern(
          "io\\.baetyl\\.function\\.runtime\\.Main source: shared objects file");
      assertThat(out).containsPattern("MaxHeapSize\\s+= 67108864\\s+\\{product\\} \\{(environment|command line)\\}");
      assertThat(out).containsPattern("UseSerialGC\\s+= true\\s+\\{product\\} \\{config file\\}");
      container.signal("TERM");
      assertThat(container.waitForExit(Duration.ofSeconds(20))).isZero();
    }
  }

  private static RuncContainer start(int port, String javaToolOptions) {
    RuncContainer.Builder builder = RuncContainer.builder(bundle)
        .workDir(work.resolve("runc"))
        .memoryLimitBytes(MEMORY_LIMIT)
        .pidsLimit(PIDS_LIMIT)
        .env("BAETYL_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:" + port)
        .env("BAETYL_SERVICE_INSTANCE_NAME", "echo-1")
        .readOnlyMount(configDir, "/etc/baetyl")
        .readOnlyMount(codeDir, CODEDIR);
    if (javaToolOptions != null) {
      builder.env("JAVA_TOOL_OPTIONS", javaToolOptions);
    }
    return builder.start();
  }

  private static FunctionMessage message(long id, String json) {
    return FunctionMessage.newBuilder()
        .setID(id)
        .setQOS(1)
        .setTopic("t")
        .setPayload(ByteString.copyFromUtf8(json))
        .setFunctionName(FUNCTION)
        .setFunctionInvokeID("invoke-" + id)
        .build();
  }
}
