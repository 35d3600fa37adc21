package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.baetyl.function.runtime.proto.health.HealthGrpc;
import io.baetyl.function.runtime.support.Clients;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Idle connections beyond the cap are closed at once, and the runtime serves again once one goes away. */
class ConnectionCapTest {

  private static final int CAP = 8;

  @Test
  void connectionsBeyondTheCapAreClosedAndAFreedSlotServesAgain() throws Exception {
    RuntimeServer server = RuntimeServer.start(new RuntimeConfig.Server("127.0.0.1", 0, 1, 8, 1 << 20,
        Duration.ofSeconds(1), null), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, Map.of(), CAP);
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        idle.add(connect(server.port()));
      }
      try (Socket beyond = connect(server.port())) {
        assertThat(closedByServer(beyond)).as("the connection beyond the cap is closed").isTrue();
      }
      assertThat(closedByServer(idle.get(0))).as("a connection within the cap stays open").isFalse();

      idle.remove(0).close();
      assertThat(healthWithinSeconds(server.port(), 10)).isEqualTo(ServingStatus.SERVING);
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
      server.stop(Duration.ofSeconds(1));
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(500);
    return socket;
  }

  /** True once the server has closed the socket (end of stream or reset); false if it stays silent and open. */
  private static boolean closedByServer(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException open) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** The slot frees when the server sees the close, a moment after it: retry on fresh channels until then. */
  private static ServingStatus healthWithinSeconds(int port, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      ManagedChannel channel = Clients.plaintext(port);
      try {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus();
      } catch (StatusRuntimeException refused) {
        if (System.nanoTime() > deadline) {
          throw refused;
        }
      } finally {
        Clients.close(channel);
      }
    }
  }
}
