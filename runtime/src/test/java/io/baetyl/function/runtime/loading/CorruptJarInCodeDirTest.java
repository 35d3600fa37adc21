package io.baetyl.function.runtime.loading;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar that is not a readable zip is named at start-up, not left to surface as a missing class. */
class CorruptJarInCodeDirTest {

  @TempDir
  Path codedir;

  @Test
  void aTruncatedJarInLibIsNamedWithTheFix() throws Exception {
    Files.createDirectories(codedir.resolve("lib"));
    Files.write(codedir.resolve("lib/half.jar"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});

    assertThatThrownBy(() -> FunctionClassLoader.forCodeDir("fn", codedir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("function 'fn': " + codedir.resolve("lib/half.jar").toAbsolutePath()
            + " cannot be read as a jar (")
        .hasMessageEndingWith("); copy it again or remove it from the codedir.");
  }

  @Test
  void aTextFileNamedJarIsNamedToo() throws Exception {
    Files.writeString(codedir.resolve("handler.jar"), "not a zip");

    assertThatThrownBy(() -> FunctionClassLoader.forCodeDir("fn", codedir))
        .hasMessageContaining(codedir.resolve("handler.jar").toAbsolutePath() + " cannot be read as a jar");
  }
}
