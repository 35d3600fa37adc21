package io.baetyl.function.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LowFootprintDefaultsTest {

  private static final String LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(LEAK_DETECTION);
    System.clearProperty(LEAK_DETECTION);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(LEAK_DETECTION);
    } else {
      System.setProperty(LEAK_DETECTION, saved);
    }
  }

  @Test
  void nettyLeakDetectionIsOffByDefault() {
    Main.lowFootprintDefaults();

    assertThat(System.getProperty(LEAK_DETECTION)).isEqualTo("disabled");
  }

  @Test
  void aLeakDetectionLevelGivenByTheUserIsKept() {
    System.setProperty(LEAK_DETECTION, "paranoid");

    Main.lowFootprintDefaults();

    assertThat(System.getProperty(LEAK_DETECTION)).isEqualTo("paranoid");
  }
}
