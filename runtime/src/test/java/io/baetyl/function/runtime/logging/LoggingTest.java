package io.baetyl.function.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class LoggingTest {

  @Test
  void grpcFrameDumpsNeedTheirOwnPropertyNotJustDebug() {
    assertThat(Logging.grpcLevel(false, null)).isEqualTo(Level.WARNING);
    assertThat(Logging.grpcLevel(true, null)).isEqualTo(Level.INFO);
    assertThat(Logging.grpcLevel(false, "debug")).isEqualTo(Level.FINE);
    assertThat(Logging.grpcLevel(true, "warn")).isEqualTo(Level.WARNING);
  }
}
