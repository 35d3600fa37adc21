package io.baetyl.function.runtime.logging;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Attaches the runtime's handler to the root logger without letting {@code java.util.logging} close it: its own
 * shutdown hook closes every handler, and may run before the runtime's hook, whose last line (an unplanned exit)
 * must still reach the log file. The stream is flushed after every record, so nothing is lost when the JVM ends.
 */
final class KeptOpenHandler extends Handler {

  private final Handler target;

  KeptOpenHandler(Handler target) {
    this.target = target;
  }

  @Override
  public void publish(LogRecord record) {
    target.publish(record);
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public void close() {
    target.flush();
  }
}
