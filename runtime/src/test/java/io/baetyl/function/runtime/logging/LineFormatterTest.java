package io.baetyl.function.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LineFormatterTest {

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  @Test
  void timestampsKeepThreeFractionDigitsAtAWholeSecond() {
    LogRecord record = new LogRecord(Level.INFO, "service started");
    record.setLoggerName("baetyl.runtime");
    record.setInstant(java.time.Instant.parse("2026-12-04T18:31:06Z"));
    assertThat(new LineFormatter(false).format(record)).startsWith("2026-12-04T18:31:06.000Z INFO baetyl.runtime: ");
  }

  @Test
  void aRunawayRecursionsTraceIsCutToAFewDozenFramesAndKeepsItsCause() {
    StackOverflowError overflow = null;
    try {
      recurse(0);
    } catch (StackOverflowError e) {
      overflow = e;
    }
    LogRecord record = new LogRecord(Level.WARNING, "function 'f': [UserCodeReturn] ...");
    record.setLoggerName("baetyl.test");
    record.setThrown(new IllegalStateException("cannot be written as JSON", overflow));

    List<String> lines = new LineFormatter(false).format(record).lines().toList();

    assertThat(lines.get(0)).endsWith("WARN baetyl.test: function 'f': [UserCodeReturn] ...");
    assertThat(lines).contains("java.lang.IllegalStateException: cannot be written as JSON",
        "Caused by: java.lang.StackOverflowError");
    assertThat(lines).anyMatch(l -> l.matches("\t\\.\\.\\. \\d+ more frames"));
    assertThat(lines.size()).isLessThan(2 * LineFormatter.MAX_FRAMES + 10);
  }

  @Test
  void aShortTraceIsWrittenInFull() {
    LogRecord record = new LogRecord(Level.SEVERE, "failed");
    record.setLoggerName("baetyl.test");
    Exception failure = new Exception("boom");
    failure.setStackTrace(java.util.Arrays.copyOf(failure.getStackTrace(), 5));
    record.setThrown(failure);

    List<String> lines = new LineFormatter(false).format(record).lines().toList();

    assertThat(lines).hasSize(2 + failure.getStackTrace().length);
    assertThat(lines.get(1)).isEqualTo("java.lang.Exception: boom");
    assertThat(lines).noneMatch(l -> l.contains("more frames"));
  }

  @Test
  void anExceptionGrpcLogsIsOneLineUnlessLibraryTracesAreWanted() {
    LogRecord record = new LogRecord(Level.WARNING, "Exception processing message");
    record.setLoggerName("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");
    record.setThrown(new IllegalStateException("RESOURCE_EXHAUSTED: too big", new RuntimeException("inner")));

    assertThat(new LineFormatter(false).format(record).lines().toList()).hasSize(3)
        .contains("java.lang.IllegalStateException: RESOURCE_EXHAUSTED: too big",
            "Caused by: java.lang.RuntimeException: inner");
    assertThat(new LineFormatter(true).format(record).lines().toList()).hasSizeGreaterThan(3);
  }

  @Test
  void longCauseChainsManySuppressedAndHugeMessagesStayShort() {
    Exception chain = new Exception("root");
    for (int i = 0; i < 500; i++) {
      chain = new Exception("wrapper " + i, chain);
    }
    for (int i = 0; i < 200; i++) {
      chain.addSuppressed(new Exception("suppressed " + i));
    }
    LogRecord record = new LogRecord(Level.WARNING, "y".repeat(1_000_000));
    record.setLoggerName("baetyl.test");
    record.setThrown(new IllegalArgumentException("x".repeat(1_000_000), chain));

    String text = new LineFormatter(false).format(record);

    // was 390 KB of causes, 160 KB of suppressed and 2 MB of messages; now at most a dozen capped exceptions
    assertThat(text.length()).isLessThan(80_000);
    assertThat(text).contains("... (more exceptions left out)").contains("more characters)");
  }
}
