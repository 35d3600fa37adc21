package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gRPC server sized for small containers: one Netty event loop thread that it owns (so it can stop
 * it fast), a fixed flow-control window, and a bounded pool of {@code workers.max} handler threads.
 */
public final class RuntimeServer {

  /** Fixed per-stream HTTP/2 window: no auto-tuning, so buffered data stays bounded under load. */
  static final int FLOW_CONTROL_WINDOW = 1024 * 1024;

  private final RuntimeConfig.Server config;
  private final EventLoopGroup eventLoop;
  private final ThreadPoolExecutor workers;
  private final HealthService health = new HealthService();
  private final Server server;

  @SuppressWarnings("deprecation") // NioEventLoopGroup: one NIO thread, the simplest group that does the job
  private RuntimeServer(RuntimeConfig.Server config, Map<String, FunctionInvoker> functions) throws IOException {
    this.config = config;
    this.eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("baetyl-netty", false));
    this.workers = new ThreadPoolExecutor(config.workersMax(), config.workersMax(), 0L, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), new WorkerThreads());
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .channelType(NioServerSocketChannel.class)
        .bossEventLoopGroup(eventLoop)
        .workerEventLoopGroup(eventLoop)
        .directExecutor()
        .flowControlWindow(FLOW_CONTROL_WINDOW)
        .maxInboundMessageSize(config.messageLengthMax())
        .addService(new FunctionService(functions, workers, config.concurrentMax(), config.messageLengthMax()))
        .addService(health);
    if (config.tls() != null) {
      builder.sslContext(sslContext(config.tls()));
    }
    this.server = builder.build();
  }

  /**
   * Starts listening; health turns SERVING (every function is loaded before this is called).
   *
   * @throws IOException if the address cannot be bound
   */
  public static RuntimeServer start(RuntimeConfig.Server config, Map<String, FunctionInvoker> functions)
      throws IOException {
    RuntimeServer runtime = new RuntimeServer(config, functions);
    try {
      runtime.server.start();
    } catch (IOException | RuntimeException e) {
      runtime.forceStop();
      throw e;
    }
    runtime.health.setStatus(ServingStatus.SERVING);
    return runtime;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /**
   * Drains: stops accepting, lets calls in flight finish within {@code grace}, then cancels what is left
   * and stops the event loop.
   *
   * @return whether every call finished within the grace period
   */
  public boolean stop(Duration grace) throws InterruptedException {
    health.setStatus(ServingStatus.NOT_SERVING);
    health.closeWatchers();
    server.shutdown();
    workers.shutdown();
    boolean drained = server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
    if (!drained) {
      forceStop();
      server.awaitTermination(1, TimeUnit.SECONDS);
    }
    workers.shutdownNow();
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(2, TimeUnit.SECONDS);
    return drained;
  }

  private void forceStop() {
    if (server != null) {
      server.shutdownNow();
    }
    workers.shutdownNow();
    eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
  }

  public String address() {
    return config.address();
  }

  private static SslContext sslContext(RuntimeConfig.Tls tls) throws IOException {
    SslContextBuilder ssl = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile());
    if (tls.ca() != null) {
      ssl.trustManager(tls.ca().toFile()).clientAuth(ClientAuth.REQUIRE);
    }
    return GrpcSslContexts.configure(ssl).build();
  }

  /** Handler threads, created on demand up to {@code workers.max}. */
  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "baetyl-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
