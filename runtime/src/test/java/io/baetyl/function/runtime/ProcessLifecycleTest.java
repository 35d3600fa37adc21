package io.baetyl.function.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.baetyl.function.runtime.proto.health.HealthGrpc;
import io.baetyl.function.runtime.support.Clients;
import io.baetyl.function.runtime.support.CodeDirs;
import io.baetyl.function.runtime.support.RuntimeProcess;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime as Baetyl runs it: a child process, configured by its working directory, stopped by SIGTERM. */
class ProcessLifecycleTest {

  @TempDir Path work;

  private void writeConfig(String extra) throws Exception {
    CodeDirs.fixtures(work.resolve("var/db/baetyl/function-slow"));
    Files.createDirectories(work.resolve("etc/baetyl"));
    Files.writeString(work.resolve("etc/baetyl/service.yml"), """
        hub: { address: tcp://localhost:1883 }
        logger: { level: info }
        functions:
          - name: slow
            handler: io.baetyl.function.runtime.fixtures.Handlers::slowWithMarker
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
        Path marker = work.resolve("started");
        Future<FunctionMessage> call = FunctionGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .call(Clients.message("slow", "{\"ms\":1500,\"marker\":\"" + marker + "\"}"));
        awaitFile(marker, call, runtime);
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
}
