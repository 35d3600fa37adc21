package io.baetyl.function.runtime.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Baetyl's Go code writes them: {@code 30s}, {@code 1m30s}, {@code 500ms}, or integer nanoseconds. */
final class GoDuration {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> UNIT_NANOS = Map.of(
      "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * The duration, or {@code null} when {@code text} is not one.
   *
   * @throws ArithmeticException when it is one, but longer than Go's limit (about 292 years)
   */
  static Duration parse(String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      return null;
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        return null;
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNIT_NANOS.get(m.group(2)))));
      at = m.end();
    }
    // Go rejects durations beyond about 292 years; fractions of a nanosecond are dropped, as in Go
    BigDecimal whole = nanos.setScale(0, java.math.RoundingMode.DOWN);
    if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new ArithmeticException("beyond " + Long.MAX_VALUE + " ns");
    }
    return Duration.ofNanos(whole.longValueExact());
  }
}
