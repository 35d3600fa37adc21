package io.baetyl.function.maven.it;

import io.baetyl.function.testinfra.Directories;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.MavenInvocationException;

/**
 * A real Maven build of a sample project from {@code src/it}, copied into {@code target/it/<name>}. The build
 * uses the local repository that {@code invoker:install} filled with this plugin, and a settings.xml whose only
 * mirror is the developer's local repository as a {@code file:} repository, so nothing is downloaded.
 */
final class SampleBuild {

  private static final Path PROJECTS = Path.of(required("it.projects"));
  private static final Path WORK = Path.of(required("it.work"));
  private static final Path IT_REPOSITORY = Path.of(required("it.localRepository"));
  private static final String PLUGIN_VERSION = required("plugin.version");

  private final Path directory;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final List<String> servers = new ArrayList<>();
  private final List<String> mavenOpts = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();

  private SampleBuild(Path directory) {
    this.directory = directory;
  }

  /** Copies {@code src/it/<sample>} to a fresh {@code target/it/<name>}. */
  static SampleBuild copy(String sample, String name) {
    Path target = WORK.resolve(name);
    try {
      Directories.deleteTree(target);
      Path source = PROJECTS.resolve(sample);
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.toList()) {
          Path copy = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(copy);
          } else {
            Files.writeString(copy, Files.readString(file).replace("@plugin.version@", PLUGIN_VERSION));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SampleBuild(target);
  }

  /** Puts {@code file} into the builds' local repository, as {@code mvn install} would have. */
  static Path installIntoLocalRepository(Path file, String groupId, String artifactId, String version,
      String classifier, String extension) throws IOException {
    Path installed = IT_REPOSITORY.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
        .resolve(artifactId + "-" + version + "-" + classifier + "." + extension);
    Files.createDirectories(installed.getParent());
    return Files.copy(file, installed, StandardCopyOption.REPLACE_EXISTING);
  }

  static String pluginVersion() {
    return PLUGIN_VERSION;
  }

  Path directory() {
    return directory;
  }

  Path output(String file) {
    return directory.resolve("target/baetyl").resolve(file);
  }

  String read(String file) {
    try {
      return Files.readString(output(file)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SampleBuild property(String name, String value) {
    properties.put(name, value);
    return this;
  }

  /** A settings.xml {@code <server>}; the password goes only into that file. */
  SampleBuild server(String id, String username, String password) {
    servers.add("<server><id>" + id + "</id><username>" + username + "</username><password>" + password
        + "</password></server>");
    return this;
  }

  SampleBuild mavenOpts(List<String> options) {
    mavenOpts.addAll(options);
    return this;
  }

  /** Environment variables of the Maven process (e.g. DOCKER_HOST), on top of the inherited ones. */
  SampleBuild environment(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  /** Replaces a source file of the copied project. */
  SampleBuild edit(String relativePath, String from, String to) {
    Path file = directory.resolve(relativePath);
    try {
      String text = Files.readString(file);
      if (!text.contains(from)) {
        throw new IllegalArgumentException(relativePath + " does not contain " + from);
      }
      Files.writeString(file, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Runs {@code mvn -B <goals>} and returns its exit code and log. */
  Result run(String... goals) {
    try {
      Path settings = directory.resolve("it-settings.xml");
      Files.writeString(settings, settingsXml());
      Path log = directory.resolve("build-" + System.nanoTime() + ".log");
      StringBuilder output = new StringBuilder();
      InvocationRequest request = new DefaultInvocationRequest()
          .setBaseDirectory(directory.toFile())
          .setGoals(List.of(goals))
          .setBatchMode(true)
          .setLocalRepositoryDirectory(IT_REPOSITORY.toFile())
          .setUserSettingsFile(settings.toFile())
          .setGlobalSettingsFile(settings.toFile())
          .setOutputHandler(line -> output.append(line).append('\n'))
          .setErrorHandler(line -> output.append(line).append('\n'));
      request.setTimeoutInSeconds(300);
      Properties props = new Properties();
      props.putAll(properties);
      request.setProperties(props);
      environment.forEach(request::addShellEnvironment);
      if (!mavenOpts.isEmpty()) {
        request.setMavenOpts(String.join(" ", mavenOpts));
      }
      DefaultInvoker invoker = new DefaultInvoker();
      invoker.setMavenHome(new File(required("maven.home")));
      InvocationResult result = invoker.execute(request);
      Files.writeString(log, output, StandardCharsets.UTF_8);
      if (result.getExecutionException() != null) {
        throw new IllegalStateException("Maven could not be started for " + directory, result.getExecutionException());
      }
      return new Result(result.getExitCode(), output.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MavenInvocationException e) {
      throw new IllegalStateException("Maven could not be started for " + directory, e);
    }
  }

  private String settingsXml() {
    String localRepository = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
    return "<settings>\n"
        + "  <mirrors><mirror><id>developer-local-repository</id><mirrorOf>*</mirrorOf><url>" + localRepository
        + "</url></mirror></mirrors>\n"
        + "  <servers>" + String.join("", servers) + "</servers>\n"
        + "</settings>\n";
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set: run the ITs through "
          + "./mvnw -pl baetyl-maven-plugin verify (failsafe sets it)");
    }
    return value;
  }

  /** Copies a file next to the project, e.g. a base image tar. */
  static Path copyInto(Path file, Path directory) throws IOException {
    Files.createDirectories(directory);
    return Files.copy(file, directory.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  record Result(int exitCode, String log) {

    boolean succeeded() {
      return exitCode == 0;
    }
  }
}
