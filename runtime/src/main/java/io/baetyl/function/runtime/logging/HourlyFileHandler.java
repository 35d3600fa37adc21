package io.baetyl.function.runtime.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

/**
 * Writes to {@code path} and rotates every hour like Baetyl's runtimes: the finished file becomes
 * {@code path.yyyy-MM-dd-HH}; backups beyond {@code backup.max} or older than {@code age.max} days are removed.
 */
final class HourlyFileHandler extends Handler {

  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH").withZone(ZoneOffset.UTC);

  private final Path path;
  private final int backupMax;
  private final Duration maxAge;
  private final Clock clock;
  private OutputStream out;
  private Instant hour;

  HourlyFileHandler(Path path, int ageMaxDays, int backupMax, Clock clock) throws IOException {
    this.path = path.toAbsolutePath();
    this.backupMax = backupMax;
    this.maxAge = Duration.ofDays(ageMaxDays);
    this.clock = clock;
    Files.createDirectories(this.path.getParent());
    Instant now = currentHour();
    if (Files.exists(this.path)) {
      Instant written = Files.getLastModifiedTime(this.path).toInstant().truncatedTo(ChronoUnit.HOURS);
      if (written.isBefore(now)) {
        rotate(written);
      }
    }
    open(now);
    setFormatter(new LineFormatter(false));
  }

  @Override
  public synchronized void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    try {
      Instant now = currentHour();
      if (!now.equals(hour)) {
        out.close();
        rotate(hour);
        open(now);
      }
      out.write(getFormatter().format(record).getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException | UncheckedIOException e) {
      reportError("cannot write " + path, e, ErrorManager.WRITE_FAILURE);
    }
  }

  @Override
  public synchronized void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      reportError("cannot flush " + path, e, ErrorManager.FLUSH_FAILURE);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      reportError("cannot close " + path, e, ErrorManager.CLOSE_FAILURE);
    }
  }

  private Instant currentHour() {
    return clock.instant().truncatedTo(ChronoUnit.HOURS);
  }

  private void open(Instant now) throws IOException {
    out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    hour = now;
  }

  private void rotate(Instant finishedHour) throws IOException {
    Path backup = path.resolveSibling(path.getFileName() + "." + SUFFIX.format(finishedHour));
    Files.move(path, backup, StandardCopyOption.REPLACE_EXISTING);
    prune();
  }

  private void prune() throws IOException {
    String prefix = path.getFileName() + ".";
    List<Path> backups;
    try (Stream<Path> files = Files.list(path.getParent())) {
      backups = files.filter(p -> p.getFileName().toString().startsWith(prefix))
          .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
          .toList();
    }
    FileTime oldest = FileTime.from(clock.instant().minus(maxAge));
    for (int i = 0; i < backups.size(); i++) {
      Path backup = backups.get(i);
      if (i >= backupMax || Files.getLastModifiedTime(backup).compareTo(oldest) < 0) {
        Files.deleteIfExists(backup);
      }
    }
  }
}
