package io.baetyl.function.image.jre;

import io.baetyl.function.image.ImageBuildException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a build tool (jdeps, jlink, ldd, java) and returns its standard output. */
final class Tools {

  private Tools() {}

  static String run(List<String> command, Path workingDirectory, long timeoutSeconds)
      throws ImageBuildException {
    Path output;
    try {
      output = Files.createTempFile("baetyl-tool", ".out");
    } catch (IOException e) {
      throw new ImageBuildException("Cannot create a temporary file to run " + command.get(0)
          + ": " + e.getMessage(), e);
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new ImageBuildException(describe(command) + " did not finish within "
            + timeoutSeconds + " s.");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new ImageBuildException(describe(command) + " failed with exit code "
            + process.exitValue() + ": " + lastLines(text) + ".");
      }
      return text;
    } catch (IOException e) {
      throw new ImageBuildException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException(describe(command) + " was interrupted.", e);
    } finally {
      try {
        Files.deleteIfExists(output);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless
      }
    }
  }

  static String describe(List<String> command) {
    String tool = Path.of(command.get(0)).getFileName().toString();
    return "'" + tool + (command.size() > 1 ? " " + command.get(1) : "") + " ...'";
  }

  static String lastLines(String text) {
    String[] lines = text.strip().split("\\R");
    int from = Math.max(0, lines.length - 3);
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
  }
}
