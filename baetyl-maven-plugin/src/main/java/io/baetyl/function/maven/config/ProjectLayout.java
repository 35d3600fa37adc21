package io.baetyl.function.maven.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the build produced: compiled classes (with resources copied next to them) and the runtime-scope
 * dependency jars, split the way the image layers are (release, snapshot, reactor).
 *
 * @param outputDirectory where the plugin writes its files ({@code target/baetyl})
 */
public record ProjectLayout(String artifactId, String version, Path classesDirectory, Path outputDirectory,
    List<Path> releaseDependencies, List<Path> snapshotDependencies, List<Path> reactorDependencies) {

  public ProjectLayout {
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(classesDirectory, "classesDirectory");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    releaseDependencies = List.copyOf(releaseDependencies);
    snapshotDependencies = List.copyOf(snapshotDependencies);
    reactorDependencies = List.copyOf(reactorDependencies);
  }

  /** Classes directory first, then every dependency jar: the function's class path. */
  public List<Path> classpath() {
    List<Path> entries = new java.util.ArrayList<>();
    entries.add(classesDirectory);
    entries.addAll(releaseDependencies);
    entries.addAll(snapshotDependencies);
    entries.addAll(reactorDependencies);
    return entries;
  }
}
