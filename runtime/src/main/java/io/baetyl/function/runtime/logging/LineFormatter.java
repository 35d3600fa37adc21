package io.baetyl.function.runtime.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** One line per record: {@code 2026-01-01T00:00:00.000Z INFO logger: message}, then any stack trace. */
final class LineFormatter extends Formatter {

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(128)
        .append(Instant.ofEpochMilli(record.getMillis()))
        .append(' ').append(levelName(record.getLevel()))
        .append(' ').append(record.getLoggerName())
        .append(": ").append(formatMessage(record))
        .append(System.lineSeparator());
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    return line.toString();
  }

  private static String levelName(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (level.intValue() >= Level.INFO.intValue()) {
      return "INFO";
    }
    return "DEBUG";
  }
}
