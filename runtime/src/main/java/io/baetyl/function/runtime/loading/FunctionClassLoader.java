package io.baetyl.function.runtime.loading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The class loader of one function: its code directory (or build-time classpath) on top of a parent
 * that exposes only the JDK and {@code io.baetyl.function.api}, so user code never sees the runtime's
 * gRPC, Netty, protobuf or JSON libraries.
 */
public final class FunctionClassLoader extends URLClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final String functionName;

  private FunctionClassLoader(String functionName, URL[] urls) {
    super("function-" + functionName, urls, new ApiOnlyClassLoader());
    this.functionName = functionName;
  }

  /**
   * Loader over a Baetyl code directory: its {@code *.jar} files, {@code lib/*.jar} and {@code classes/}.
   *
   * @throws IllegalArgumentException if the directory does not exist or cannot be read, or one of its jars
   *     is not a readable zip (a class loader would skip it silently, and its classes would seem missing)
   */
  public static FunctionClassLoader forCodeDir(String functionName, Path codedir) {
    if (!Files.isDirectory(codedir)) {
      throw new IllegalArgumentException(
          "function '" + functionName + "': codedir " + codedir.toAbsolutePath()
              + " is not a directory; check functions[].codedir in the config.");
    }
    List<Path> entries = new ArrayList<>();
    Path classes = codedir.resolve("classes");
    if (Files.isDirectory(classes)) {
      entries.add(classes);
    }
    List<Path> jars = new ArrayList<>(jarsIn(functionName, codedir));
    jars.addAll(jarsIn(functionName, codedir.resolve("lib")));
    jars.forEach(jar -> checkReadable(functionName, jar));
    entries.addAll(jars);
    if (entries.isEmpty()) {
      // a flat directory of class files is accepted too
      entries.add(codedir);
    }
    return forClasspath(functionName, entries);
  }

  /** Loader over explicit jars or class directories (build-time validation, tests). */
  public static FunctionClassLoader forClasspath(String functionName, List<Path> entries) {
    URL[] urls = new URL[entries.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = entries.get(i).toAbsolutePath().toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(
            "function '" + functionName + "': classpath entry " + entries.get(i) + " is not a valid path.", e);
      }
    }
    return new FunctionClassLoader(functionName, urls);
  }

  public String functionName() {
    return functionName;
  }

  private static void checkReadable(String functionName, Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      // opening reads the central directory: a truncated or non-zip file fails here
    } catch (IOException e) {
      throw new IllegalArgumentException("function '" + functionName + "': " + jar.toAbsolutePath()
          + " cannot be read as a jar (" + e.getMessage() + "); copy it again or remove it from the codedir.", e);
    }
  }

  private static List<Path> jarsIn(String functionName, Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "function '" + functionName + "': cannot list " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }
}
