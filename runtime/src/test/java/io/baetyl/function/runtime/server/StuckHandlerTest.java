package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.loading.HandlerResolver;
import io.baetyl.function.runtime.support.Clients;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler that ignores the interrupt after its deadline must not take the only worker for ever. */
class StuckHandlerTest {

  private static final String P = "io.baetyl.function.runtime.fixtures.";

  @TempDir Path dir;

  @Test
  void workerOfAHandlerIgnoringItsDeadlineIsReplacedWhileItRuns() throws Exception {
    Map<String, FunctionInvoker> functions = new LinkedHashMap<>();
    functions.put("stuck", invoker("stuck", P + "Unruly::ignoreInterrupts"));
    functions.put("echo", invoker("echo", P + "Handlers::echo"));
    RuntimeServer server = RuntimeServer.start(new RuntimeConfig.Server("127.0.0.1", 0, 1, 8, 1 << 20,
        Duration.ofSeconds(5), null), functions);
    ManagedChannel channel = Clients.plaintext(server.port());
    Path started = dir.resolve("started");
    Path release = dir.resolve("release");
    try {
      // connected first, so the deadline below is spent in the handler, not on the connection
      Clients.stub(channel).call(Clients.message("echo", "0"));
      StatusRuntimeException late = catchThrowableOfType(StatusRuntimeException.class, () ->
          Clients.stub(channel).withDeadlineAfter(1, TimeUnit.SECONDS).call(Clients.message("stuck",
              "{\"started\":\"" + started + "\",\"release\":\"" + release + "\"}")));
      assertThat(late.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(started).exists();
      // workers.max is 1 and that worker is still in the stuck handler: a new one must serve this call
      assertThat(Clients.stub(channel).call(Clients.message("echo", "{\"a\":1}")).getPayload().toStringUtf8())
          .isEqualTo("{\"a\":1}");
      Files.writeString(release, "x");
      assertThat(Clients.stub(channel).call(Clients.message("echo", "2")).getPayload().toStringUtf8())
          .isEqualTo("2");
    } finally {
      Files.writeString(release, "x");
      Clients.close(channel);
      server.stop(Duration.ofSeconds(5));
    }
  }

  private FunctionInvoker invoker(String name, String handler) throws Exception {
    return new FunctionInvoker(HandlerResolver.resolve(name, handler, getClass().getClassLoader()));
  }
}
