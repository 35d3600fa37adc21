package io.baetyl.function.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** A function project generated from the installed archetype, and what its builds leave behind. */
final class GeneratedProject {

  private final Path directory;
  private final String packageName;

  private GeneratedProject(Path directory, String packageName) {
    this.directory = directory;
    this.packageName = packageName;
  }

  /**
   * {@code mvn archetype:generate} in batch mode, with the archetype and the archetype plugin at the versions
   * this build installed and used (fully qualified, so no plugin metadata is needed offline).
   */
  static GeneratedProject generate(ChildMaven maven, Path parent, String groupId, String artifactId,
      String version, String packageName, String functionName) {
    String toolchainVersion = ChildMaven.requiredProperty("baetyl.version");
    String archetypePlugin = "org.apache.maven.plugins:maven-archetype-plugin:"
        + ChildMaven.requiredProperty("baetyl.archetype.plugin.version") + ":generate";
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + parent, e);
    }
    maven.run(parent, archetypePlugin,
        "-DarchetypeGroupId=io.baetyl.function",
        "-DarchetypeArtifactId=baetyl-function-archetype",
        "-DarchetypeVersion=" + toolchainVersion,
        "-DgroupId=" + groupId,
        "-DartifactId=" + artifactId,
        "-Dversion=" + version,
        "-Dpackage=" + packageName,
        "-DfunctionName=" + functionName);
    Path directory = parent.resolve(artifactId);
    if (!Files.isRegularFile(directory.resolve("pom.xml"))) {
      throw new AssertionError("archetype:generate wrote no " + directory.resolve("pom.xml"));
    }
    return new GeneratedProject(directory, packageName);
  }

  Path directory() {
    return directory;
  }

  /** Writes (or replaces) a class in the project's main sources. */
  void writeMainClass(String simpleName, String source) {
    Path file = directory.resolve("src/main/java").resolve(packageName.replace('.', '/'))
        .resolve(simpleName + ".java");
    try {
      Files.writeString(file, source);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** A file under target/baetyl, where baetyl:package writes the image and the Baetyl configuration. */
  Path baetylOutput(String name) {
    return directory.resolve("target/baetyl").resolve(name);
  }

  /** A YAML file under target/baetyl, parsed. */
  Map<String, Object> baetylYaml(String name) {
    Path file = baetylOutput(name);
    try (InputStream in = Files.newInputStream(file)) {
      Map<String, Object> yaml = new Yaml().load(in);
      if (yaml == null) {
        throw new AssertionError(file + " is empty");
      }
      return yaml;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }
}
