package io.baetyl.function.image.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir Path tmp;

  @Test
  void missingRuntimeJarIsOneLineAndExitCodeOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"--runtime-jar", tmp.resolve("nope.jar").toString(),
        "--work", tmp.toString(), "--tar", tmp.resolve("x.tar").toString(), "--name", "x:1"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("ERROR: The runtime jar "
        + tmp.resolve("nope.jar") + " does not exist.\n");
  }

  @Test
  void unknownOptionIsNamed() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"--bogus", "1"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("ERROR: Unknown option --bogus.\n");
  }

  @Test
  void entrypointUsesTheRelativeClassPathOnlyWithCds() {
    assertThat(RuntimeImageBuilder.entrypoint("/opt/java/bin/java", "opt/baetyl/lib/a.jar", true))
        .containsExactly("/opt/java/bin/java", "-XX:Flags=/opt/baetyl/jvm.flags",
            "-XX:SharedArchiveFile=/opt/baetyl/cds/runtime.jsa", "-cp", "opt/baetyl/lib/a.jar",
            "io.baetyl.function.runtime.Main");
    assertThat(RuntimeImageBuilder.entrypoint("/usr/bin/java", "/opt/baetyl/lib/a.jar", false))
        .doesNotContain("-XX:SharedArchiveFile=/opt/baetyl/cds/runtime.jsa");
  }
}
