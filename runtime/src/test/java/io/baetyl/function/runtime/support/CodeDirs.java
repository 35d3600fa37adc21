package io.baetyl.function.runtime.support;

import io.baetyl.function.runtime.fixtures.Handlers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Builds Baetyl code directories from the compiled test fixtures. */
public final class CodeDirs {

  private CodeDirs() {}

  /** {@code dir/classes/} with the fixture classes: the function's own loader loads them, not the test's. */
  public static Path fixtures(Path dir) {
    try {
      Path testClasses = Path.of(Handlers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path source = testClasses.resolve("io/baetyl/function/runtime/fixtures");
      Path target = dir.resolve("classes/io/baetyl/function/runtime/fixtures");
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(source)) {
        for (Path file : files.toList()) {
          Files.copy(file, target.resolve(file.getFileName()));
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The runtime's own class path, for child processes. */
  public static String runtimeClasspath() {
    return System.getProperty("java.class.path");
  }

  /** Compiles {@code sources} for Java 17 into {@code classes}, against {@code classpath} (may be empty). */
  public static void compile(Path classes, String classpath, Path... sources) {
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17"));
    if (!classpath.isEmpty()) {
      arguments.addAll(List.of("-cp", classpath));
    }
    Stream.of(sources).map(Path::toString).forEach(arguments::add);
    int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("javac failed (" + status + ") on " + List.of(sources));
    }
  }

  public static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
