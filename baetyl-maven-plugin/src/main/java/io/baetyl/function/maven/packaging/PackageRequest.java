package io.baetyl.function.maven.packaging;

import io.baetyl.function.maven.config.FunctionConfig;
import io.baetyl.function.maven.config.ImageSettings;
import io.baetyl.function.maven.config.ModulesCheck;
import io.baetyl.function.maven.config.ProjectLayout;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code baetyl:package} does, as plain values.
 *
 * @param baseDirectory the project directory, against which relative {@code tar://} paths resolve
 * @param runtimeModules the Java modules of the base image's JRE for the modules check; empty: read them from a
 *     tar base image's /opt/java/release, or use the list shipped with the plugin
 */
public record PackageRequest(ProjectLayout layout, FunctionConfig functions, ImageSettings image,
    ModulesCheck modulesCheck, Set<String> runtimeModules, Path baseDirectory) {

  public PackageRequest {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(functions, "functions");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(modulesCheck, "modulesCheck");
    runtimeModules = Set.copyOf(runtimeModules);
    Objects.requireNonNull(baseDirectory, "baseDirectory");
  }
}
