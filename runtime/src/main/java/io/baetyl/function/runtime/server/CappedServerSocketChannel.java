package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.logging.JulLogger;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening socket that keeps at most {@code max} connections open and closes any beyond that as soon as it
 * is accepted. Baetyl's function manager holds one connection per instance; without a cap, a few thousand idle
 * connections from elsewhere would fill a 20 MiB heap (or the container's file descriptors) and take the
 * instance down for its real caller.
 */
final class CappedServerSocketChannel extends NioServerSocketChannel {

  private static final System.Logger LOG = JulLogger.named(RuntimeServer.class.getName());

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  /** Set when the cap is hit, cleared when a connection closes: one warning per episode, not per refusal. */
  private boolean warned;

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
      if (!warned) {
        warned = true;
        LOG.log(System.Logger.Level.WARNING, () -> max + " connections are open, the most this runtime keeps:"
            + " closing new ones (from " + connection.remoteAddress() + " first) until some close");
      }
      return 0;
    }
    open.incrementAndGet();
    connection.closeFuture().addListener(closed -> {
      open.decrementAndGet();
      warned = false;
    });
    return read;
  }
}
