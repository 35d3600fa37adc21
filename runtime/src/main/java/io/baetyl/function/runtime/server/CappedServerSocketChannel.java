package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.logging.JulLogger;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening socket that keeps at most {@code max} connections open and closes any beyond that as soon as it
 * is accepted. Baetyl's function manager holds one connection per instance; without a cap, a few thousand idle
 * connections from elsewhere would fill a 20 MiB heap (or the container's file descriptors) and take the
 * instance down for its real caller. (Idle connections are reaped by the server, so the cap does not lock the
 * caller out for long.)
 */
final class CappedServerSocketChannel extends NioServerSocketChannel {

  private static final System.Logger LOG = JulLogger.named(RuntimeServer.class.getName());
  /** At most one warning per this period, counting the connections refused since the last one. */
  static final Duration WARNING_PERIOD = Duration.ofMinutes(1);

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  // accepting runs on the one event loop thread: these need no synchronisation
  private long lastWarningNanos = System.nanoTime() - WARNING_PERIOD.toNanos();
  private int refusedSinceWarning;

  CappedServerSocketChannel(int max) {
    this.max = max;
  }

  @Override
  protected int doReadMessages(List<Object> accepted) throws Exception {
    int read = super.doReadMessages(accepted);
    if (read == 0) {
      return 0;
    }
    Channel connection = (Channel) accepted.get(accepted.size() - 1);
    if (open.get() >= max) {
      accepted.remove(accepted.size() - 1);
      connection.unsafe().closeForcibly();
      refused(connection);
      return 0;
    }
    open.incrementAndGet();
    connection.closeFuture().addListener(closed -> open.decrementAndGet());
    return read;
  }

  private void refused(Channel connection) {
    refusedSinceWarning++;
    long now = System.nanoTime();
    if (now - lastWarningNanos < WARNING_PERIOD.toNanos()) {
      return;
    }
    int refused = refusedSinceWarning;
    LOG.log(System.Logger.Level.WARNING, () -> max + " connections are open, the most this runtime keeps: closed "
        + (refused == 1 ? "a new one" : refused + " new ones") + " (the last from " + connection.remoteAddress()
        + "); idle connections are closed after " + RuntimeServer.MAX_CONNECTION_IDLE.toSeconds() + " s");
    lastWarningNanos = now;
    refusedSinceWarning = 0;
  }
}
