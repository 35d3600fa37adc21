package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.loading.HandlerResolver;
import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.baetyl.function.runtime.proto.health.HealthGrpc;
import io.baetyl.function.runtime.support.Clients;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainingTest {

  @Test
  void stopReportsNotServingAndLetsTheCallInFlightFinish() throws Exception {
    FunctionInvoker slow = new FunctionInvoker(HandlerResolver.resolve("slow",
        "io.baetyl.function.runtime.fixtures.Handlers::slow", getClass().getClassLoader()));
    RuntimeServer server = RuntimeServer.start(new RuntimeConfig.Server("127.0.0.1", 0, 2, 8, 1 << 20,
        Duration.ofSeconds(10), null), Map.of("slow", slow));
    ManagedChannel channel = Clients.plaintext(server.port());
    try {
      Iterator<HealthCheckResponse> watch = HealthGrpc.newBlockingStub(channel)
          .watch(HealthCheckRequest.getDefaultInstance());
      assertThat(watch.next().getStatus()).isEqualTo(ServingStatus.SERVING);
      Future<FunctionMessage> call = FunctionGrpc.newFutureStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
          .call(Clients.message("slow", "{\"ms\":800}"));
      // the call is accepted before the stop begins: one more call on the same connection proves ordering
      Clients.stub(channel).call(Clients.message("slow", "{\"ms\":0}"));
      CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
        try {
          return server.stop(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(watch.next().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(call.get(20, TimeUnit.SECONDS).getPayload().toStringUtf8()).contains("baetyl-worker");
      assertThat(stopped.get(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      Clients.close(channel);
    }
  }
}
