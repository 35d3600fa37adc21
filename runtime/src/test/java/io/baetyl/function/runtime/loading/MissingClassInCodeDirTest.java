package io.baetyl.function.runtime.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baetyl.function.runtime.support.CodeDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler class whose methods name a class that is not in the codedir (a dependency left out): the class
 * itself loads, and the missing one surfaces only when the resolver reflects on its methods.
 */
class MissingClassInCodeDirTest {

  @TempDir
  Path codedir;

  @BeforeEach
  void compileThenDropTheDependency() throws IOException {
    Path src = Files.createDirectories(codedir.resolve("src/b"));
    Files.writeString(src.resolve("Gone.java"), "package b; public class Gone {}");
    Files.writeString(src.resolve("TakesGone.java"), """
        package b;
        public class TakesGone {
          public static Object h(Object in) { return in; }
          public static void helper(Gone gone) {}
        }
        """);
    Files.writeString(src.resolve("ReturnsGone.java"), """
        package b;
        public class ReturnsGone {
          public static Gone h(Object in) { return new Gone(); }
        }
        """);
    Path classes = codedir.resolve("classes");
    CodeDirs.compile(classes, "", src.resolve("Gone.java"), src.resolve("TakesGone.java"),
        src.resolve("ReturnsGone.java"));
    Files.delete(classes.resolve("b/Gone.class"));
  }

  @Test
  void aMissingClassInAnotherMethodIsOneSentenceNamingItAndTheFix() {
    assertThat(error("b.TakesGone::h")).isEqualTo("function 'fn' handler 'b.TakesGone::h': a class that the"
        + " handler's class refers to cannot be loaded (java.lang.NoClassDefFoundError: b/Gone); put every class"
        + " it needs into the codedir (*.jar, lib/*.jar or classes/) and compile for Java "
        + Runtime.version().feature() + " or older.");
  }

  @Test
  void theDottedFormAndAMissingReturnTypeGetTheSameError() {
    assertThat(error("b.TakesGone.h")).contains("cannot be loaded (java.lang.NoClassDefFoundError: b/Gone)");
    assertThat(error("b.ReturnsGone::h")).contains("cannot be loaded (java.lang.NoClassDefFoundError: b/Gone)");
  }

  private String error(String handler) {
    try (FunctionClassLoader loader = FunctionClassLoader.forCodeDir("fn", codedir)) {
      return catchThrowableOfType(HandlerResolutionException.class,
          () -> HandlerResolver.resolve("fn", handler, loader)).getMessage();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
