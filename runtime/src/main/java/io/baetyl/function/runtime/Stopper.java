package io.baetyl.function.runtime;

import io.baetyl.function.runtime.logging.JulLogger;
import io.baetyl.function.runtime.server.RuntimeServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT: the first drains (calls in flight get {@code server.timeout}), a second cancels what
 * is still running at once; either way the process exits 0. Any other way out of the JVM (a function
 * calling {@code System.exit}, SIGHUP) is logged as a warning, as far as the log still works then; during
 * start-up it is a start-up failure (exit code 1, one line naming the function being loaded).
 */
final class Stopper {

  private static final System.Logger LOG = JulLogger.named("baetyl.runtime");

  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicInteger signals = new AtomicInteger();
  private final AtomicReference<RuntimeServer> server = new AtomicReference<>();
  private volatile Handler logHandler;
  /** Whether the log is a file (not stdout, where a line also on stderr would show twice in one log). */
  private volatile boolean logIsFile;
  private volatile boolean closing;
  /** The function being loaded during start-up, for the line an unplanned exit then prints. */
  private volatile String loading;

  /** Takes over SIGTERM and SIGINT at once, so that one arriving during start-up still ends in exit 0. */
  Stopper() {
    Signal.handle(new Signal("TERM"), this::onSignal);
    Signal.handle(new Signal("INT"), this::onSignal);
    Runtime.getRuntime().addShutdownHook(new Thread(this::onUnplannedExit, "baetyl-exit"));
  }

  private void onSignal(Signal signal) {
    if (signals.incrementAndGet() == 1) {
      stop.countDown();
      return;
    }
    RuntimeServer running = server.get();
    if (running != null) {
      LOG.log(System.Logger.Level.WARNING, "SIG" + signal.getName() + " again: cancelling calls in flight now");
      running.cancelCalls();
    }
  }

  /** Where the log goes, once {@code logger:} is applied. */
  void logTo(Handler handler, boolean isFile) {
    logHandler = handler;
    logIsFile = isFile;
  }

  /** Start-up is loading {@code function}: an exit now is that function's doing. */
  void loading(String function) {
    loading = function;
  }

  /** Start-up failed: {@code line} on stderr, exit code 1. */
  void exitOnStartupFailure(String line) {
    closing = true;
    System.err.println(line.replaceAll("[\\r\\n]+", " "));
    System.exit(1);
  }

  private void onUnplannedExit() {
    if (closing) {
      return;
    }
    if (server.get() == null) {
      // System.exit(0) in a handler's static initializer must not pass for a clean start and stop
      lastWords(Level.SEVERE, "start-up did not finish: the JVM is exiting without SIGTERM or SIGINT"
          + (loading == null ? "" : " while loading " + loading)
          + " (System.exit called from its code, or another signal arrived)");
      Runtime.getRuntime().halt(1);
    }
    lastWords(Level.WARNING, "the JVM is exiting without SIGTERM or SIGINT (a function called System.exit, or"
        + " another signal arrived): calls in flight are lost");
  }

  /**
   * A line on stderr and in the log file, written straight to the log's handler: the loggers may have lost their
   * handlers to java.util.logging's own shutdown hook by now.
   */
  private void lastWords(Level level, String line) {
    System.err.println(line);
    Handler handler = logHandler;
    if (handler != null && logIsFile) {
      LogRecord record = new LogRecord(level, line);
      record.setLoggerName("baetyl.runtime");
      handler.publish(record);
      handler.flush();
    }
  }

  /**
   * Blocks until the first signal (which may have come during start-up), drains {@code server} for up to
   * {@code grace}, flushes the log, then exits 0.
   */
  void awaitSignalThenStop(RuntimeServer running, Duration grace) {
    server.set(running);
    try {
      stop.await();
      LOG.log(System.Logger.Level.INFO, "service stopping, draining calls in flight for up to "
          + grace.toMillis() + " ms");
      if (!running.stop(grace)) {
        LOG.log(System.Logger.Level.WARNING, "calls still running after server.timeout were cancelled");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.log(System.Logger.Level.INFO, "service closed");
    logHandler.flush();
    closing = true;
    System.exit(0);
  }
}
