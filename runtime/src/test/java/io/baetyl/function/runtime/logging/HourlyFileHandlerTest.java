package io.baetyl.function.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourlyFileHandlerTest {

  @TempDir Path dir;

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T10:15:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void rotatesEveryHourAndKeepsAtMostBackupMaxFiles() throws Exception {
    ManualClock clock = new ManualClock();
    Path log = dir.resolve("logs/service.log");
    HourlyFileHandler handler = new HourlyFileHandler(log, 15, 2, clock);
    for (int hour = 0; hour < 4; hour++) {
      handler.publish(new LogRecord(Level.INFO, "message " + hour));
      clock.now = clock.now.plusSeconds(3600);
    }
    handler.close();
    assertThat(Files.readString(log)).contains("message 3").doesNotContain("message 2");
    try (Stream<Path> files = Files.list(log.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("service.log", "service.log.2026-01-01-11", "service.log.2026-01-01-12");
    }
    assertThat(Files.readString(log.resolveSibling("service.log.2026-01-01-12"))).contains("INFO")
        .contains("message 2");
  }
}
