package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.fixtures.Interrupts;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.loading.FunctionClassLoader;
import io.baetyl.function.runtime.loading.HandlerResolver;
import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.baetyl.function.runtime.proto.health.HealthGrpc;
import io.baetyl.function.runtime.support.Clients;
import io.baetyl.function.runtime.support.LogCapture;
import io.baetyl.function.runtime.support.CodeDirs;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Netty server on 127.0.0.1 with real gRPC clients; handlers loaded from a code directory. */
class RuntimeServerTest {

  private static final String P = "io.baetyl.function.runtime.fixtures.";

  @TempDir static Path codedir;
  private static RuntimeServer server;
  private static ManagedChannel channel;
  private static FunctionGrpc.FunctionBlockingStub stub;

  @BeforeAll
  static void start() throws Exception {
    CodeDirs.fixtures(codedir);
    Map<String, String> handlers = new LinkedHashMap<>();
    handlers.put("sayhi", P + "SayHi");
    handlers.put("echo", P + "Handlers::echo");
    handlers.put("bytes", P + "Handlers::bytes");
    handlers.put("fail", P + "Handlers::fail");
    handlers.put("unencodable", P + "Handlers::unencodable");
    handlers.put("greet", P + "Handlers::greet");
    handlers.put("slow", P + "Handlers::slow");
    handlers.put("repeat", P + "Handlers::repeat");
    handlers.put("context", P + "Handlers::typedContext");
    Map<String, FunctionInvoker> functions = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : handlers.entrySet()) {
      FunctionClassLoader loader = FunctionClassLoader.forCodeDir(e.getKey(), codedir);
      functions.put(e.getKey(), new FunctionInvoker(HandlerResolver.resolve(e.getKey(), e.getValue(), loader)));
    }
    // resolved from the test's own loader so the test can see the handler's interrupt latch
    functions.put("interruptible", new FunctionInvoker(HandlerResolver.resolve("interruptible",
        P + "Handlers::waitForInterrupt", RuntimeServerTest.class.getClassLoader())));
    server = RuntimeServer.start(config(32, 64), functions);
    channel = Clients.plaintext(server.port());
    stub = Clients.stub(channel);
  }

  static RuntimeConfig.Server config(int workers, int concurrent) {
    return new RuntimeConfig.Server("127.0.0.1", 0, workers, concurrent, RuntimeConfig.DEFAULT_MESSAGE_LENGTH,
        Duration.ofSeconds(5), null);
  }

  @AfterAll
  static void stop() throws Exception {
    Clients.close(channel);
    server.stop(Duration.ofSeconds(5));
  }

  private static String text(FunctionMessage reply) {
    return reply.getPayload().toStringUtf8();
  }

  private static StatusRuntimeException error(FunctionMessage request) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> stub.call(request));
  }

  @Test
  void replyIsTheRequestWithOnlyThePayloadReplaced() {
    FunctionMessage request = FunctionMessage.newBuilder().setID(-2L).setQOS(2).setTopic("a/b")
        .setTimestamp(-1234567L).setFunctionName("echo").setFunctionInvokeID("uuid-1")
        .setPayload(ByteString.copyFromUtf8("{ \"a\" : [1, 2.5] }")).build();
    FunctionMessage reply = stub.call(request);
    assertThat(Long.toUnsignedString(reply.getID())).isEqualTo("18446744073709551614");
    assertThat(text(reply)).isEqualTo("{\"a\":[1,2.5]}");
    assertThat(reply.toBuilder().setPayload(request.getPayload()).build()).isEqualTo(request);
  }

  @Test
  void routesByFunctionName() {
    assertThat(text(stub.call(Clients.message("sayhi", "{\"n\":1}")))).contains("\"Say\":\"Hello Baetyl\"");
    assertThat(text(stub.call(Clients.message("echo", "{\"n\":1}")))).isEqualTo("{\"n\":1}");
  }

  @Test
  void contextAndThreadContextLoaderAreTheFunctions() {
    assertThat(text(stub.call(Clients.message("context", "{}"))))
        .isEqualTo("{\"qos\":1,\"topic\":\"t\",\"remainingPositive\":true,\"tccl\":true}");
  }

  @Test
  void rawBytesAndEmptyPayloadsTravelUnchanged() {
    byte[] notUtf8 = {(byte) 0xff, 0, (byte) 0xc3, (byte) 0x28};
    assertThat(stub.call(Clients.message("bytes", notUtf8)).getPayload().toByteArray()).containsExactly(notUtf8);
    assertThat(stub.call(Clients.message("bytes", "")).getPayload().isEmpty()).isTrue();
  }

  @Test
  void eachErrorHasItsStatusAndTheNextCallSucceeds() {
    StatusRuntimeException invoke = error(Clients.message("fail", "{\"err\":\"boom\"}"));
    assertThat(invoke.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(invoke.getStatus().getDescription()).isEqualTo("[UserCodeInvoke] java.lang.IllegalStateException: boom");
    StatusRuntimeException ret = error(Clients.message("unencodable", "{}"));
    assertThat(ret.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(ret.getStatus().getDescription()).startsWith("[UserCodeReturn] ");
    StatusRuntimeException missing = error(Clients.message("nope", "{}"));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(missing.getStatus().getDescription()).contains("'nope'");
    StatusRuntimeException bind = error(Clients.message("greet", "not json"));
    assertThat(bind.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(bind.getStatus().getDescription()).contains("'greet'").contains(P + "Greeting");
    assertThat(bind.getStatus().getDescription()).doesNotContain("\tat ");
    assertThat(text(stub.call(Clients.message("echo", "1")))).isEqualTo("1");
  }

  @Test
  void thirtyTwoSlowCallsRunInParallel() throws Exception {
    FunctionGrpc.FunctionFutureStub futures = FunctionGrpc.newFutureStub(channel);
    List<com.google.common.util.concurrent.ListenableFuture<FunctionMessage>> calls = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 32; i++) {
      calls.add(futures.withDeadlineAfter(20, TimeUnit.SECONDS).call(Clients.message("slow", "{\"ms\":700}")));
    }
    Set<String> threads = new HashSet<>();
    for (var call : calls) {
      threads.add(text(call.get()));
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(threads).hasSize(32);
    assertThat(elapsedMs).isLessThan(32 * 700 / 4);
  }

  @Test
  void payloadsUpToTheLimitPassAndLargerOnesAreRejected() {
    byte[] big = new byte[3 * 1024 * 1024 + 512 * 1024];
    assertThat(stub.call(Clients.message("bytes", big)).getPayload().size()).isEqualTo(big.length);
    StatusRuntimeException tooBig = error(Clients.message("bytes", new byte[5 * 1024 * 1024]));
    assertThat(tooBig.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    try (LogCapture log = new LogCapture(FunctionService.class.getName())) {
      StatusRuntimeException bigReply = error(Clients.message("repeat", "{\"size\":4500000}"));
      assertThat(bigReply.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(bigReply.getStatus().getDescription()).contains("server.message.length.max");
      assertThat(log.records).as("the operator sees it too").anyMatch(r -> r.getLevel() == Level.WARNING
          && r.getMessage().contains("replied 4500") && r.getMessage().contains("RESOURCE_EXHAUSTED"));
    }
  }

  @Test
  void passedDeadlineIsDeadlineExceededAndInterruptsTheHandler() throws Exception {
    StatusRuntimeException late = catchThrowableOfType(StatusRuntimeException.class,
        () -> FunctionGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
            .call(Clients.message("interruptible", "{}")));
    assertThat(late.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(Interrupts.LATCH.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(text(stub.call(Clients.message("echo", "2")))).isEqualTo("2");
  }

  @Test
  void aMegabyteExceptionMessageIsCutInTheReplyAndTheInstanceKeepsServing() {
    String huge = "x".repeat(1_000_000);
    StatusRuntimeException error = error(Clients.message("fail", "{\"err\":\"" + huge + "\"}"));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(error.getStatus().getDescription())
        .startsWith("[UserCodeInvoke] java.lang.IllegalStateException: xxx")
        .endsWith("... (" + (huge.length() + "[UserCodeInvoke] java.lang.IllegalStateException: ".length() - 1000)
            + " more characters)")
        .hasSizeLessThan(1100);
    assertThat(text(stub.call(Clients.message("echo", "3")))).isEqualTo("3");
  }

  @Test
  void aHandlerInterruptedAfterItsDeadlineIsNotLoggedAsFailingUserCode() throws Exception {
    try (LogCapture log = new LogCapture(FunctionService.class.getName())) {
      catchThrowableOfType(StatusRuntimeException.class,
          () -> FunctionGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
              .call(Clients.message("slow", "{\"ms\":20000}")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (log.records.stream().noneMatch(r -> r.getMessage().contains("stopped after its call ended"))) {
        assertThat(System.nanoTime()).as("no 'stopped after its call ended' line: %s", log.records)
            .isLessThan(deadline);
        Thread.sleep(10);
      }
      assertThat(log.records).noneMatch(r -> r.getLevel() == Level.WARNING);
    }
  }

  @Test
  void bytesThatAreNotAFunctionMessageAreInvalidArgumentWithOneLogLineAndTheNextCallSucceeds() {
    byte[] cutShort = {0x1a, 0x05, 'a'}; // Topic (field 3) announces 5 bytes and has 1
    byte[] nameNotUtf8 = {0x5a, 0x02, (byte) 0xc3, 0x28}; // FunctionName (field 11) is not UTF-8
    for (byte[] bytes : List.of(cutShort, nameNotUtf8)) {
      try (LogCapture log = new LogCapture("")) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> callWithRawBytes(bytes));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith("the request is not a valid baetyl.FunctionMessage: ");
        assertThat(log.records).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
            .singleElement().satisfies(r -> assertThat(r.getThrown()).isNull());
      }
      assertThat(text(stub.call(Clients.message("echo", "1")))).isEqualTo("1");
    }
  }

  @Test
  void aHealthCheckThatIsNotAHealthCheckRequestIsInvalidArgument() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> callWithRawBytes(HealthGrpc.getCheckMethod().getFullMethodName(), new byte[] {(byte) 0xff}));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .startsWith("the request is not a valid grpc.health.v1.HealthCheckRequest: ");
  }

  private static void callWithRawBytes(byte[] bytes) {
    callWithRawBytes(FunctionGrpc.getCallMethod().getFullMethodName(), bytes);
  }

  private static void callWithRawBytes(String method, byte[] bytes) {
    MethodDescriptor.Marshaller<byte[]> asIs = new MethodDescriptor.Marshaller<>() {
      @Override public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }
      @Override public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    MethodDescriptor<byte[], byte[]> unary = MethodDescriptor.<byte[], byte[]>newBuilder(asIs, asIs)
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method).build();
    ClientCalls.blockingUnaryCall(channel, unary, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), bytes);
  }


  @Test
  void healthIsServing() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService("baetyl.Function").build()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void callsBeyondConcurrentMaxAreRejectedAtOnceAndQueuedCallsCancelledEarlyDoNotRun() throws Exception {
    Map<String, FunctionInvoker> functions = new LinkedHashMap<>();
    ClassLoader loader = FunctionClassLoader.forCodeDir("slow", codedir);
    functions.put("slow", new FunctionInvoker(HandlerResolver.resolve("slow", P + "Handlers::slow", loader)));
    functions.put("counter", new FunctionInvoker(HandlerResolver.resolve("counter", P + "Counter::handle", loader)));
    RuntimeServer small = RuntimeServer.start(config(1, 3), functions);
    ManagedChannel smallChannel = Clients.plaintext(small.port());
    try {
      // a ready connection keeps the streams in the order they are started
      Clients.stub(smallChannel).call(Clients.message("slow", "{\"ms\":0}"));
      FunctionGrpc.FunctionFutureStub futures = FunctionGrpc.newFutureStub(smallChannel);
      var first = futures.withDeadlineAfter(20, TimeUnit.SECONDS).call(Clients.message("slow", "{\"ms\":800}"));
      var queued = futures.withDeadlineAfter(200, TimeUnit.MILLISECONDS).call(Clients.message("counter", "{}"));
      var second = futures.withDeadlineAfter(20, TimeUnit.SECONDS).call(Clients.message("slow", "{\"ms\":10}"));
      long start = System.nanoTime();
      StatusRuntimeException rejected = catchThrowableOfType(StatusRuntimeException.class,
          () -> Clients.stub(smallChannel).call(Clients.message("slow", "{\"ms\":10}")));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
      assertThat(rejected.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(rejected.getStatus().getDescription()).contains("server.concurrent.max is 3");
      first.get();
      second.get();
      assertThat(catchThrowableOfType(java.util.concurrent.ExecutionException.class, queued::get).getCause())
          .isInstanceOf(StatusRuntimeException.class);
      // the counter's first call is this one: the cancelled queued call never ran
      assertThat(text(Clients.stub(smallChannel).call(Clients.message("counter", "{}")))).isEqualTo("{\"calls\":1}");
    } finally {
      Clients.close(smallChannel);
      small.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void callersAtExactlyConcurrentMaxAreNeverRejected() throws Exception {
    RuntimeServer limited = RuntimeServer.start(config(2, 4), Map.of("echo", new FunctionInvoker(
        HandlerResolver.resolve("echo", P + "Handlers::echo", RuntimeServerTest.class.getClassLoader()))));
    ManagedChannel limitedChannel = Clients.plaintext(limited.port());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.CompletableFuture<Void>> callers = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        callers.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 100; i++) {
            assertThat(text(Clients.stub(limitedChannel).call(Clients.message("echo", "1")))).isEqualTo("1");
          }
        }, pool));
      }
      for (var caller : callers) {
        caller.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      Clients.close(limitedChannel);
      limited.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void stopWhenIdleIsFast() throws Exception {
    RuntimeServer idle = RuntimeServer.start(config(1, 1), Map.of());
    long start = System.nanoTime();
    assertThat(idle.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
    assertThat(new String(new byte[0], StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void stopWithNoGraceAndNoCallsInFlightReportsNothingCancelled() throws Exception {
    RuntimeServer idle = RuntimeServer.start(config(1, 1), Map.of());
    ManagedChannel connected = Clients.plaintext(idle.port());
    try {
      HealthGrpc.newBlockingStub(connected).check(HealthCheckRequest.getDefaultInstance());
      assertThat(idle.stop(Duration.ZERO)).as("drained").isTrue();
    } finally {
      Clients.close(connected);
    }
  }
}
