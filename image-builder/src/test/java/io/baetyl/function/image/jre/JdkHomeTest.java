package io.baetyl.function.image.jre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baetyl.function.image.ImageBuildException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkHomeTest {

  @Test
  void acceptsThePinnedJdk17WithJmods() throws Exception {
    JdkHome jdk = JdkHome.of(JdkHome.DEFAULT, 17);
    assertThat(jdk.version()).startsWith("17.");
  }

  @Test
  void refusesAJdkOfAnotherVersion() {
    Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    assertThatThrownBy(() -> JdkHome.of(temurin25, 17))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageStartingWith("The JDK for jlink " + temurin25 + " is Java 25")
        .hasMessageContaining("not 17");
  }

  @Test
  void refusesADirectoryThatIsNoJdk(@TempDir Path empty) {
    assertThatThrownBy(() -> JdkHome.of(empty, 17))
        .isInstanceOf(ImageBuildException.class)
        .hasMessage("The JDK for jlink " + empty + " is not a JDK (no release file): point it at"
            + " a JDK 17 with jmods.");
  }
}
