package io.baetyl.function.runtime.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per record: {@code 2026-01-01T00:00:00.000Z INFO logger: message}, then any stack trace, at most
 * {@value #MAX_FRAMES} frames per exception (a handler's runaway recursion would otherwise write a thousand).
 * Exceptions that gRPC and Netty log (a client's oversized message, a reset connection) come as one line each
 * unless library traces are asked for (debug level): they are about the caller, not the function.
 */
final class LineFormatter extends Formatter {

  /** Always three fraction digits ({@code Instant.toString} drops them at a whole second): fixed-width lines. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static final int MAX_FRAMES = 40;
  /** At most this many causes and suppressed exceptions per record, and characters per message. */
  static final int MAX_CHAINED = 10;
  static final int MAX_MESSAGE = 4000;
  private static final String LIBRARIES = "io.grpc";

  private final boolean libraryTraces;

  LineFormatter(boolean libraryTraces) {
    this.libraryTraces = libraryTraces;
  }

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(128)
        .append(TIMESTAMP.format(Instant.ofEpochMilli(record.getMillis())))
        .append(' ').append(levelName(record.getLevel()))
        .append(' ').append(record.getLoggerName())
        .append(": ").append(shortened(formatMessage(record)))
        .append(System.lineSeparator());
    if (record.getThrown() != null) {
      boolean framesWanted = libraryTraces || record.getLoggerName() == null
          || !record.getLoggerName().startsWith(LIBRARIES);
      appendTrace(line, record.getThrown(), "", framesWanted ? MAX_FRAMES : 0,
          Collections.newSetFromMap(new IdentityHashMap<>()), new int[] {0});
    }
    return line.toString();
  }

  /** {@code chained}: how many exceptions of the record are written already (one counter for the whole record). */
  private static void appendTrace(StringBuilder out, Throwable thrown, String caption, int maxFrames,
      Set<Throwable> seen, int[] chained) {
    if (chained[0]++ > MAX_CHAINED) {
      out.append(caption).append("... (more exceptions left out)").append(System.lineSeparator());
      return;
    }
    if (!seen.add(thrown)) {
      out.append(caption).append("[circular reference: ").append(thrown).append(']').append(System.lineSeparator());
      return;
    }
    out.append(caption).append(shortened(thrown.toString())).append(System.lineSeparator());
    StackTraceElement[] frames = thrown.getStackTrace();
    int shown = Math.min(frames.length, maxFrames);
    for (int i = 0; i < shown; i++) {
      out.append("\tat ").append(frames[i]).append(System.lineSeparator());
    }
    if (frames.length > shown && shown > 0) {
      out.append("\t... ").append(frames.length - shown).append(" more frames").append(System.lineSeparator());
    }
    for (Throwable suppressed : thrown.getSuppressed()) {
      if (chained[0] > MAX_CHAINED) {
        break;
      }
      appendTrace(out, suppressed, "Suppressed: ", maxFrames, seen, chained);
    }
    if (thrown.getCause() != null) {
      appendTrace(out, thrown.getCause(), "Caused by: ", maxFrames, seen, chained);
    }
  }

  private static String shortened(String text) {
    return text == null || text.length() <= MAX_MESSAGE ? text
        : text.substring(0, MAX_MESSAGE) + "... (" + (text.length() - MAX_MESSAGE) + " more characters)";
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
