package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.logging.JulLogger;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code workers.max} handler threads. A handler that ignores the interrupt after its call ended is
 * "set aside": the pool grows by one thread until that handler returns, so a stuck handler cannot take
 * the instance's capacity for ever. At most {@link #SET_ASIDE_MAX} threads (and no more than
 * {@code workers.max}) are set aside at once: with the default four workers the runtime runs 17 threads, so
 * two more keep it inside a 20-pid container with one to spare; beyond that, calls queue until a stuck
 * handler returns.
 */
final class WorkerPool {

  private static final System.Logger LOG = JulLogger.named(WorkerPool.class.getName());

  /** How long a handler may run on after its call was cancelled or its deadline passed. */
  static final Duration SET_ASIDE_AFTER = Duration.ofSeconds(1);

  /** The most threads set aside at once, whatever {@code workers.max} is (the thread budget of a small container). */
  static final int SET_ASIDE_MAX = 2;

  private final int workersMax;
  private final int setAsideMax;
  private final ThreadPoolExecutor executor;
  private int setAside;

  WorkerPool(int workersMax) {
    this.workersMax = workersMax;
    this.setAsideMax = Math.min(workersMax, SET_ASIDE_MAX);
    this.executor = new ThreadPoolExecutor(workersMax, workersMax, 0L, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), new WorkerThreads());
  }

  ThreadPoolExecutor executor() {
    return executor;
  }

  /** Adds a thread in place of one whose handler ignores the interrupt; {@code false} when the cap is reached. */
  synchronized boolean setAside(String functionName, String invokeId) {
    if (executor.isShutdown()) {
      return false;
    }
    if (setAside >= setAsideMax) {
      LOG.log(System.Logger.Level.ERROR, "function '" + functionName + "' (invoke id " + invokeId + ") still runs "
          + SET_ASIDE_AFTER.toMillis() + " ms after its call ended, and " + setAside + " workers are already set"
          + " aside for handlers that ignore interrupts: calls queue until one returns; restart the instance");
      return false;
    }
    setAside++;
    // raise the maximum first: the core size may never exceed it
    executor.setMaximumPoolSize(workersMax + setAside);
    executor.setCorePoolSize(workersMax + setAside);
    LOG.log(System.Logger.Level.WARNING, "function '" + functionName + "' (invoke id " + invokeId + ") still runs "
        + SET_ASIDE_AFTER.toMillis() + " ms after its call ended and ignores the interrupt: its worker is set"
        + " aside and a new one serves calls (" + setAside + " set aside)");
    return true;
  }

  /** The set-aside handler returned: the pool shrinks back. */
  synchronized void release(String functionName, String invokeId) {
    setAside--;
    if (!executor.isShutdown()) {
      executor.setCorePoolSize(workersMax + setAside);
      executor.setMaximumPoolSize(workersMax + setAside);
    }
    LOG.log(System.Logger.Level.INFO, "function '" + functionName + "' (invoke id " + invokeId + ") returned at"
        + " last; its worker is released (" + setAside + " set aside)");
  }

  synchronized int setAsideCount() {
    return setAside;
  }

  /**
   * Handler threads, created on demand; daemons, so a stuck handler never holds the JVM after the drain. They
   * get the usual 1 MiB stack (other threads keep the flags' 256 KiB): user code and JSON of deeply nested
   * values recurse, and a stack costs memory only as deep as it is used.
   */
  private static final class WorkerThreads implements ThreadFactory {
    private static final long STACK_SIZE = 1024 * 1024;
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(null, task, "baetyl-worker-" + count.incrementAndGet(), STACK_SIZE);
      thread.setDaemon(true);
      return thread;
    }
  }
}
