package io.baetyl.function.image.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {

  @Test
  void writesOneFlagPerLineWithoutThePrefix() {
    assertThat(new String(JvmFlags.file(List.of("-XX:MaxHeapSize=20m", "+UseSerialGC")),
        StandardCharsets.UTF_8)).isEqualTo("MaxHeapSize=20m\n+UseSerialGC\n");
  }

  @Test
  void defaultsAreSizedForSmallContainers() {
    assertThat(JvmFlags.DEFAULTS).contains("MaxHeapSize=20m", "ThreadStackSize=256",
        "+UseSerialGC", "-TieredCompilation", "CICompilerCount=1", "-UsePerfData");
  }

  @Test
  void theProcessModeDistributionShipsTheSameDefaults() throws Exception {
    Path distFlags = Path.of("..", "runtime", "src", "dist", "conf", "jvm.flags");

    assertThat(Files.readAllLines(distFlags)).isEqualTo(JvmFlags.DEFAULTS);
  }

  @Test
  void theProcessModeLauncherSetsTheSameMallocEnvironment() throws Exception {
    String launcher = Files.readString(Path.of("..", "runtime", "src", "dist", "bin", "baetyl-function-runtime"));

    JvmFlags.MALLOC_ENVIRONMENT.forEach((name, value) ->
        assertThat(launcher).contains("export " + name + "=\"${" + name + ":-" + value + "}\""));
  }

  @Test
  void refusesSystemPropertiesNamingThem() {
    assertThatThrownBy(() -> JvmFlags.file(List.of("-Dio.netty.x=y")))
        .hasMessageStartingWith("The JVM flag '-Dio.netty.x=y' is not a -XX flag");
  }
}
