package io.baetyl.function.runtime.server;

import com.google.protobuf.ByteString;
import io.baetyl.function.runtime.logging.JulLogger;
import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.runtime.proto.health.HealthCheckRequest;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Initialises the classes of serving (protobuf messages, gRPC's server, Netty's transport) on a short-lived
 * second thread while the main thread reads the config and loads the functions: on a cold start those two
 * halves take about as long as each other, and a small container usually has a second core. It opens no
 * socket and starts no other thread; the main thread {@linkplain #await() waits} for it before it touches
 * gRPC or Netty itself, so the two threads never initialise the same classes at once.
 */
public final class ServerWarmUp {

  private static final System.Logger LOG = JulLogger.named(ServerWarmUp.class.getName());

  private final Thread thread;
  private volatile Throwable failure;

  private ServerWarmUp() {
    this.thread = new Thread(this::warmUp, "baetyl-warm-up");
  }

  /**
   * Starts warming up. Call it after the Netty system properties are set: Netty reads them when its classes
   * initialise.
   */
  public static ServerWarmUp start() {
    ServerWarmUp warmUp = new ServerWarmUp();
    warmUp.thread.setDaemon(true);
    warmUp.thread.start();
    return warmUp;
  }

  /** Returns once the warm-up has finished (or failed, which only costs the time it would have saved). */
  public void await() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Why the warm-up did not finish, once {@link #await()} returned; null when it did. */
  Throwable failure() {
    return failure;
  }

  private void warmUp() {
    try {
      FunctionMessage message = FunctionMessage.newBuilder()
          .setID(1).setQOS(1).setTopic("t").setPayload(ByteString.copyFromUtf8("{}"))
          .setTimestamp(-1).setFunctionName("f").setFunctionInvokeID("i").build();
      FunctionMessage.parseFrom(message.toByteArray()).toBuilder().setPayload(ByteString.EMPTY).build()
          .toByteArray();
      HealthCheckResponse.parseFrom(HealthCheckResponse.newBuilder().build().toByteArray());
      HealthCheckRequest.getDefaultInstance();
      // built, never started: no socket, no event loop, no thread (gRPC's default groups are only taken at start,
      // and it accepts a channel type only together with both groups)
      NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .directExecutor()
          .flowControlWindow(RuntimeServer.FLOW_CONTROL_WINDOW)
          .addService(new FunctionService(Map.of(), new WorkerPool(1), null, 1, 1))
          .addService(new HealthService())
          .build();
      FunctionGrpc.getServiceDescriptor();
      initialize(NioEventLoopGroup.class, CappedServerSocketChannel.class, NioSocketChannel.class,
          ServerBootstrap.class, DefaultThreadFactory.class);
    } catch (Exception | LinkageError e) {
      failure = e;
      LOG.log(System.Logger.Level.DEBUG, "warm-up failed; serving starts cold", e);
    }
  }

  private static void initialize(Class<?>... classes) throws ClassNotFoundException {
    for (Class<?> type : classes) {
      Class.forName(type.getName(), true, type.getClassLoader());
    }
  }
}
