package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.loading.HandlerResolver;
import io.baetyl.function.runtime.support.Clients;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** At a container's pids limit a worker thread cannot start: the call fails, and its slot is not lost. */
class WorkerThreadLimitTest {

  private static final String P = "io.baetyl.function.runtime.fixtures.";

  @Test
  void aWorkerThatCannotStartIsResourceExhaustedAndTheSlotIsFreedForTheNextCall() throws Exception {
    WorkerPool pool = new WorkerPool(1);
    AtomicBoolean atLimit = new AtomicBoolean(true);
    ThreadFactory threads = pool.executor().getThreadFactory();
    pool.executor().setThreadFactory(task -> {
      if (atLimit.get()) {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource"
            + " limits reached");
      }
      return threads.newThread(task);
    });
    FunctionInvoker echo = new FunctionInvoker(HandlerResolver.resolve("echo", P + "Handlers::echo",
        getClass().getClassLoader()));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    // concurrent.max 1: a slot lost by the first call would make the second one "too many calls in flight"
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .directExecutor().addService(new FunctionService(Map.of("echo", echo), pool, timer, 1, 1 << 20)).build()
        .start();
    ManagedChannel channel = Clients.plaintext(server.getPort());
    try {
      for (int i = 0; i < 2; i++) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
            () -> Clients.stub(channel).call(Clients.message("echo", "1")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).startsWith("the runtime cannot start a worker thread (unable to"
            + " create native thread").endsWith("is the container's pids limit reached?");
      }
      atLimit.set(false);
      assertThat(Clients.stub(channel).call(Clients.message("echo", "1")).getPayload().toStringUtf8())
          .isEqualTo("1");
    } finally {
      Clients.close(channel);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      pool.executor().shutdownNow();
      timer.shutdownNow();
    }
  }
}
