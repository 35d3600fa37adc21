package io.baetyl.function.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.baetyl.function.runtime.proto.health.HealthGrpc;
import io.baetyl.function.runtime.support.Clients;
import io.baetyl.function.runtime.support.CodeDirs;
import io.baetyl.function.runtime.support.RuntimeProcess;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime as Baetyl runs it: a child process, configured by its working directory, stopped by SIGTERM. */
class ProcessLifecycleTest {

  @TempDir Path work;

  private void writeConfig(String extra) throws Exception {
    writeConfig("logger: { level: info }\n", extra);
  }

  private void writeConfig(String logger, String extra) throws Exception {
    CodeDirs.fixtures(work.resolve("var/db/baetyl/function-slow"));
    Files.createDirectories(work.resolve("etc/baetyl"));
    Files.writeString(work.resolve("etc/baetyl/service.yml"), "hub: { address: tcp://localhost:1883 }\n" + logger
        + """
        functions:
          - name: slow
            handler: io.baetyl.function.runtime.fixtures.Handlers::slowWithMarker
            codedir: var/db/baetyl/function-slow
          - name: exit
            handler: io.baetyl.function.runtime.fixtures.Unruly::exit
            codedir: var/db/baetyl/function-slow
        """ + extra);
  }

  @Test
  void callInFlightDuringSigtermCompletesAndTheProcessExitsZero() throws Exception {
    writeConfig("");
    try (RuntimeProcess runtime = RuntimeProcess.start(work,
        Map.of("BAETYL_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:0", "BAETYL_SERVICE_INSTANCE_NAME", "slow-1"))) {
      runtime.awaitLine(l -> l.contains("service starting (slow-1)"), Duration.ofSeconds(30));
      int port = runtime.awaitListeningPort();
      ManagedChannel channel = Clients.plaintext(port);
      try {
        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
            .isEqualTo(ServingStatus.SERVING);
        Future<FunctionMessage> call = startSlowCall(channel, runtime, 1500);
        runtime.terminate();
        assertThat(call.get(30, TimeUnit.SECONDS).getPayload().toStringUtf8()).isEqualTo("{\"done\":true}");
        assertThat(runtime.awaitExit(Duration.ofSeconds(30))).isZero();
      } finally {
        Clients.close(channel);
      }
      assertThat(runtime.stdout()).anyMatch(l -> l.contains("unknown key 'hub'"))
          .anyMatch(l -> l.contains("service closed"));
    }
  }

  @Test
  void idleSigtermExitsZeroPromptly() throws Exception {
    writeConfig("server: { address: 127.0.0.1:0, timeout: 30s }\n");
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of())) {
      runtime.awaitListeningPort();
      long start = System.nanoTime();
      runtime.terminate();
      int exit = runtime.awaitExit(Duration.ofSeconds(10));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.println("idle SIGTERM -> exit took " + elapsedMs + " ms");
      assertThat(exit).isZero();
      // the 30 s grace period is not waited for when nothing is in flight
      assertThat(elapsedMs).isLessThan(5000);
      assertThat(runtime.stdout()).as(runtime.stderr()).anyMatch(l -> l.contains("service closed"));
    }
  }

  private static void awaitFile(Path file, Future<FunctionMessage> call, RuntimeProcess runtime) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(file)) {
      if (call.isDone()) {
        throw new AssertionError("the call ended before its handler started: " + call.get() + "; stdout: "
            + runtime.stdout() + "; stderr: " + runtime.stderr());
      }
      assertThat(System.nanoTime()).as("the handler did not start; stdout: %s", runtime.stdout())
          .isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Test
  void callLongerThanTheGraceGetsAnErrorAndTheProcessStillExitsZeroInTime() throws Exception {
    writeConfig("server: { address: 127.0.0.1:0, timeout: 500ms }\n");
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of())) {
      ManagedChannel channel = Clients.plaintext(runtime.awaitListeningPort());
      try {
        Future<FunctionMessage> call = startSlowCall(channel, runtime, 60_000);
        long start = System.nanoTime();
        runtime.terminate();
        assertThat(runtime.awaitExit(Duration.ofSeconds(20))).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
        assertThat(catchThrowable(() -> call.get(10, TimeUnit.SECONDS))).isInstanceOf(ExecutionException.class);
      } finally {
        Clients.close(channel);
      }
      assertThat(runtime.stdout()).anyMatch(l -> l.contains("calls still running after server.timeout"))
          .anyMatch(l -> l.contains("service closed"));
    }
  }

  @Test
  void secondSigtermCancelsTheDrainAndExitsZero() throws Exception {
    writeConfig("server: { address: 127.0.0.1:0, timeout: 60s }\n");
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of())) {
      ManagedChannel channel = Clients.plaintext(runtime.awaitListeningPort());
      try {
        Future<FunctionMessage> call = startSlowCall(channel, runtime, 60_000);
        runtime.terminate();
        runtime.awaitLine(l -> l.contains("service stopping"), Duration.ofSeconds(10));
        long start = System.nanoTime();
        runtime.terminate();
        assertThat(runtime.awaitExit(Duration.ofSeconds(20))).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
        assertThat(catchThrowable(() -> call.get(10, TimeUnit.SECONDS))).isInstanceOf(ExecutionException.class);
      } finally {
        Clients.close(channel);
      }
      assertThat(runtime.stdout()).anyMatch(l -> l.contains("SIGTERM again: cancelling calls in flight now"));
    }
  }

  @Test
  void sigtermDuringStartUpStopsTheRuntimeOnceItIsUpAndExitsZero() throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    Files.createDirectories(work.resolve("etc/baetyl"));
    Files.writeString(work.resolve("etc/baetyl/service.yml"), """
        server: { address: 127.0.0.1:0 }
        functions:
          - name: slow-start
            handler: io.baetyl.function.runtime.fixtures.SlowStart::handle
            codedir: code
        """);
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(work.resolve("constructing"))) {
        assertThat(System.nanoTime()).as("the function did not start loading; stderr: %s", runtime.stderr())
            .isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      runtime.terminate();
      assertThat(runtime.awaitExit(Duration.ofSeconds(20))).as(runtime.stderr()).isZero();
      assertThat(runtime.stdout()).anyMatch(l -> l.contains("function slow-start loaded"))
          .anyMatch(l -> l.contains("service closed"));
    }
  }

  @Test
  void sigintStopsLikeSigterm() throws Exception {
    writeConfig("server: { address: 127.0.0.1:0 }\n");
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of())) {
      runtime.awaitListeningPort();
      runtime.signal("INT");
      assertThat(runtime.awaitExit(Duration.ofSeconds(10))).isZero();
      assertThat(runtime.stdout()).anyMatch(l -> l.contains("service closed"));
    }
  }

  @Test
  void systemExitInAHandlerEndsTheInstanceWithItsCodeAndAWarning() throws Exception {
    writeConfig("server: { address: 127.0.0.1:0 }\n");
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of())) {
      ManagedChannel channel = Clients.plaintext(runtime.awaitListeningPort());
      try {
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
            () -> Clients.stub(channel).call(Clients.message("exit", "{}")));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      } finally {
        Clients.close(channel);
      }
      assertThat(runtime.awaitExit(Duration.ofSeconds(10))).isEqualTo(3);
      assertThat(runtime.stderr()).contains("the JVM is exiting without SIGTERM or SIGINT");
    }
  }

  @Test
  void systemExitInAHandlerIsInTheLogFileToo() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    writeConfig("logger: { path: var/log/baetyl/service.log }\n", "server: { address: 127.0.0.1:" + port + " }\n");
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of())) {
      ManagedChannel channel = Clients.plaintext(port);
      try {
        // waits for the runtime to listen (the port is only in the log file here, not on stdout)
        catchThrowableOfType(StatusRuntimeException.class, () -> Clients.stub(channel).withWaitForReady()
            .withDeadlineAfter(30, TimeUnit.SECONDS).call(Clients.message("exit", "{}")));
      } finally {
        Clients.close(channel);
      }
      assertThat(runtime.awaitExit(Duration.ofSeconds(10))).isEqualTo(3);
    }
    assertThat(Files.readString(work.resolve("var/log/baetyl/service.log")))
        .contains("WARN baetyl.runtime: the JVM is exiting without SIGTERM or SIGINT");
  }

  @Test
  void logsGoToTheFileNamedByLoggerPath() throws Exception {
    writeConfig("logger: { path: var/log/baetyl/service.log }\n", "server: { address: 127.0.0.1:0 }\n");
    Path log = work.resolve("var/log/baetyl/service.log");
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(log) || !Files.readString(log).contains("listening on")) {
        assertThat(System.nanoTime()).as("no 'listening on' in %s; stderr: %s", log, runtime.stderr())
            .isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      runtime.terminate();
      assertThat(runtime.awaitExit(Duration.ofSeconds(10))).isZero();
      assertThat(runtime.stdout()).isEmpty();
      assertThat(Files.readString(log)).contains("service starting", "function slow loaded", "service closed");
    }
  }

  private Future<FunctionMessage> startSlowCall(ManagedChannel channel, RuntimeProcess runtime, int ms)
      throws Exception {
    Path marker = work.resolve("started");
    Future<FunctionMessage> call = FunctionGrpc.newFutureStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .call(Clients.message("slow", "{\"ms\":" + ms + ",\"marker\":\"" + marker + "\"}"));
    awaitFile(marker, call, runtime);
    return call;
  }
}
