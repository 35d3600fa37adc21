package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.baetyl.function.runtime.proto.health.HealthGrpc;
import io.baetyl.function.runtime.support.Clients;
import io.baetyl.function.runtime.support.LogCapture;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Connections beyond the cap are closed at once; the runtime serves again once one goes away, and idle or
 * unfinished connections go away by themselves.
 */
class ConnectionCapTest {

  private static final int CAP = 8;

  @Test
  void connectionsBeyondTheCapAreClosedAndAFreedSlotServesAgain() throws Exception {
    RuntimeServer server = start(Duration.ofMinutes(1), Duration.ofMinutes(1));
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        idle.add(connect(server.port()));
      }
      try (LogCapture log = new LogCapture(RuntimeServer.class.getName())) {
        for (int i = 0; i < 3; i++) {
          try (Socket beyond = connect(server.port())) {
            assertThat(closedByServer(beyond)).as("the connection beyond the cap is closed").isTrue();
          }
        }
        assertThat(log.records).as("one warning a minute, however many are refused").singleElement()
            .satisfies(r -> assertThat(r.getMessage()).startsWith(CAP + " connections are open, the most this"
                + " runtime keeps: closed a new one"));
      }
      assertThat(closedByServer(idle.get(0))).as("a connection within the cap stays open").isFalse();

      idle.remove(0).close();
      assertThat(healthWithinSeconds(server.port(), 10)).isEqualTo(ServingStatus.SERVING);
    } finally {
      closeAll(idle, server);
    }
  }

  @Test
  void idleConnectionsAreClosedSoTheCapFreesItself() throws Exception {
    RuntimeServer server = start(Duration.ofSeconds(1), Duration.ofMinutes(1));
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        Socket connection = connect(server.port());
        // a finished HTTP/2 preface, then nothing: an idle connection
        connection.getOutputStream().write(HTTP2_PREFACE_AND_EMPTY_SETTINGS);
        idle.add(connection);
      }
      // a peer that never answers the GOAWAY's ping is closed 10 s after the GOAWAY (gRPC's own timer)
      assertThat(healthWithinSeconds(server.port(), 40)).isEqualTo(ServingStatus.SERVING);
      idle.get(0).setSoTimeout(5000);
      assertThat(closedByServer(idle.get(0))).as("an idle connection is closed").isTrue();
    } finally {
      closeAll(idle, server);
    }
  }

  @Test
  void aConnectionThatNeverSendsThePrefaceIsClosed() throws Exception {
    RuntimeServer server = start(Duration.ofMinutes(1), Duration.ofMillis(300));
    try (Socket silent = connect(server.port())) {
      silent.setSoTimeout(5000);
      assertThat(closedByServer(silent)).isTrue();
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  private static void closeAll(List<Socket> sockets, RuntimeServer server) throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    server.stop(Duration.ofSeconds(1));
  }

  private static RuntimeServer start(Duration maxIdle, Duration handshakeTimeout) throws IOException {
    return RuntimeServer.start(new RuntimeConfig.Server("127.0.0.1", 0, 1, 8, 1 << 20, Duration.ofSeconds(1), null),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, Map.of(),
        new RuntimeServer.Connections(CAP, maxIdle, handshakeTimeout));
  }

  private static final byte[] HTTP2_PREFACE_AND_EMPTY_SETTINGS = concat(
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(500);
    return socket;
  }

  /**
   * True once the server has closed the socket (end of stream or reset); false if it stays open until the read
   * timeout. What the server sends first (its HTTP/2 settings) is skipped.
   */
  private static boolean closedByServer(Socket socket) throws IOException {
    try {
      while (socket.getInputStream().read() != -1) {
        // the server's preface
      }
      return true;
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
