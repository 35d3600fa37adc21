package io.baetyl.function.it;

import io.baetyl.function.testinfra.ProcessResult;
import io.baetyl.function.testinfra.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Maven that runs this build, started as a child process in batch mode on the same local repository:
 * it sees exactly what the reactor installed. Builds run offline; a build that pushes to the test's
 * loopback registry cannot (the plugin refuses to push offline), so it runs with settings whose only
 * repository mirror is a closed loopback port: nothing is ever fetched from the network.
 */
final class ChildMaven {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final Path mavenHome;
  private final Path localRepository;
  private final Path logDirectory;
  private int runs;

  private ChildMaven(Path mavenHome, Path localRepository, Path logDirectory) {
    this.mavenHome = mavenHome;
    this.localRepository = localRepository;
    this.logDirectory = logDirectory;
  }

  /** The Maven of the enclosing build, as failsafe describes it in system properties. */
  static ChildMaven ofEnclosingBuild(Path logDirectory) {
    return new ChildMaven(Path.of(requiredProperty("baetyl.maven.home")),
        Path.of(requiredProperty("baetyl.maven.repo.local")), logDirectory);
  }

  static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set: run these tests with "
          + "`./mvnw -pl integration-tests verify` (failsafe sets it)");
    }
    return value;
  }

  /** Runs Maven offline in {@code directory}; fails with the end of its log when the build fails. */
  String run(Path directory, String... arguments) {
    return execute(directory, List.of("-o"), arguments);
  }

  /**
   * Runs Maven in {@code directory} for a build that talks to a loopback registry: online, but every
   * Maven repository is mirrored to a closed loopback port.
   */
  String runWithLoopbackOnly(Path directory, String... arguments) {
    return execute(directory, List.of("-s", loopbackOnlySettings().toString()), arguments);
  }

  private String execute(Path directory, List<String> mode, String... arguments) {
    List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin/mvn").toString(), "-B", "-ntp",
        "-Dmaven.repo.local=" + localRepository, "-Dstyle.color=never"));
    command.addAll(mode);
    command.addAll(Arrays.asList(arguments));
    ProcessResult result = Processes.command(command)
        .directory(directory)
        .env("JAVA_HOME", System.getProperty("java.home"))
        .env("MAVEN_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1")
        .timeout(TIMEOUT)
        .run();
    String output = result.stdout() + result.stderr();
    Path log = logDirectory.resolve("maven-" + (++runs) + ".log");
    try {
      Files.createDirectories(logDirectory);
      Files.writeString(log, String.join(" ", command) + "\n\n" + output);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + log, e);
    }
    if (result.exitCode() != 0) {
      throw new AssertionError("`mvn " + String.join(" ", arguments) + "` in " + directory + " failed with exit code "
          + result.exitCode() + " (full log: " + log + "):\n" + tail(output, 60));
    }
    return output;
  }

  /**
   * Settings whose mirror of every repository is port 9 (discard) on 127.0.0.1, where nothing listens. The
   * mirror keeps the id {@code central}, so artifacts downloaded earlier still count as available.
   */
  private Path loopbackOnlySettings() {
    Path settings = logDirectory.resolve("loopback-only-settings.xml");
    try {
      Files.createDirectories(logDirectory);
      Files.writeString(settings, """
          <settings>
            <mirrors>
              <mirror>
                <id>central</id>
                <mirrorOf>*</mirrorOf>
                <url>http://127.0.0.1:9/no-remote-repositories-in-tests</url>
              </mirror>
            </mirrors>
          </settings>
          """);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + settings, e);
    }
    return settings;
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
