package io.baetyl.function.runtime.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what one logger (and the loggers below it) publishes while it is open. */
public final class LogCapture extends Handler implements AutoCloseable {
  public final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger logger;

  public LogCapture(String loggerName) {
    this.logger = Logger.getLogger(loggerName);
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
