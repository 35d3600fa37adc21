package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.proto.health.HealthCheckResponse.ServingStatus;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server sized for small containers: one Netty event loop thread that it owns (so it can stop
 * it fast), a fixed flow-control window, and a bounded pool of {@code workers.max} handler threads.
 */
public final class RuntimeServer {

  /** Fixed per-stream HTTP/2 window: no auto-tuning, so buffered data stays bounded under load. */
  static final int FLOW_CONTROL_WINDOW = 1024 * 1024;
  /** Open connections kept at once (the function manager needs one); each idle one costs some 6 KiB of heap. */
  static final int MAX_CONNECTIONS = 128;
  /**
   * A connection with no call for this long is closed (with a GOAWAY: gRPC clients reconnect on their next
   * call), so that idle or leaked connections do not hold the slots of {@link #MAX_CONNECTIONS} for ever.
   */
  static final Duration MAX_CONNECTION_IDLE = Duration.ofMinutes(1);
  /** A connection must complete its TLS handshake and HTTP/2 preface within this time (gRPC's default: 120 s). */
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final RuntimeConfig.Server config;
  private final EventLoopGroup eventLoop;
  private final ThreadPoolExecutor workers;
  private final HealthService health = new HealthService();
  private final FunctionService functionService;
  private final Server server;
  private final List<String> functionNames;

  @SuppressWarnings("deprecation") // NioEventLoopGroup: one NIO thread, the simplest group that does the job
  private RuntimeServer(RuntimeConfig.Server config, InetSocketAddress address, SslContext sslContext,
      Map<String, FunctionInvoker> functions, Connections connections) {
    this.config = config;
    this.functionNames = List.copyOf(functions.keySet());
    this.eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("baetyl-netty", false));
    WorkerPool pool = new WorkerPool(config.workersMax());
    this.workers = pool.executor();
    this.functionService = new FunctionService(functions, pool, eventLoop, config.concurrentMax(),
        config.messageLengthMax());
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
        .channelFactory(() -> new CappedServerSocketChannel(connections.max()))
        .maxConnectionIdle(connections.maxIdle().toNanos(), TimeUnit.NANOSECONDS)
        .handshakeTimeout(connections.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .bossEventLoopGroup(eventLoop)
        .workerEventLoopGroup(eventLoop)
        .directExecutor()
        .flowControlWindow(FLOW_CONTROL_WINDOW)
        .maxInboundMessageSize(config.messageLengthMax())
        .addService(functionService)
        .addService(health);
    if (sslContext != null) {
      builder.sslContext(sslContext);
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
    return start(config, new InetSocketAddress(config.host(), config.port()),
        config.tls() == null ? null : TlsContexts.serverContext(config.tls()), functions);
  }

  /**
   * Starts listening on an address resolved beforehand, with TLS material loaded beforehand (both are
   * checked before the functions load, so their errors come first and fast).
   *
   * @throws IOException if the address cannot be bound
   */
  public static RuntimeServer start(RuntimeConfig.Server config, InetSocketAddress address, SslContext sslContext,
      Map<String, FunctionInvoker> functions) throws IOException {
    return start(config, address, sslContext, functions,
        new Connections(MAX_CONNECTIONS, MAX_CONNECTION_IDLE, HANDSHAKE_TIMEOUT));
  }

  static RuntimeServer start(RuntimeConfig.Server config, InetSocketAddress address, SslContext sslContext,
      Map<String, FunctionInvoker> functions, Connections connections) throws IOException {
    RuntimeServer runtime = new RuntimeServer(config, address, sslContext, functions, connections);
    try {
      runtime.server.start();
    } catch (IOException | RuntimeException e) {
      runtime.forceStop();
      runtime.eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
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
    // the transports may still be closing when a short grace ends: only calls still running make it a cut-off
    boolean drained = server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)
        || functionService.callsInFlight() == 0;
    if (!drained) {
      forceStop();
      server.awaitTermination(1, TimeUnit.SECONDS);
    }
    workers.shutdownNow();
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(2, TimeUnit.SECONDS);
    return drained;
  }

  /**
   * Cancels every call in flight (a second SIGTERM or SIGINT while draining), so that a {@link #stop} in
   * progress returns at once. The event loop is left to {@code stop}: the server's own shutdown, possibly
   * running on another thread at this moment, waits for the listener to close on it.
   */
  public void cancelCalls() {
    forceStop();
  }

  private void forceStop() {
    server.shutdownNow();
    workers.shutdownNow();
  }

  /** How many connections are kept, and for how long an idle or unfinished one. */
  record Connections(int max, Duration maxIdle, Duration handshakeTimeout) {}

  /** The functions served, in configuration order. */
  public List<String> functionNames() {
    return functionNames;
  }

  public String address() {
    return config.address();
  }
}
