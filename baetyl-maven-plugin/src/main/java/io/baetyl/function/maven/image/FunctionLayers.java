package io.baetyl.function.maven.image;

import io.baetyl.function.image.LayerSpec;
import io.baetyl.function.maven.config.FunctionConfig;
import io.baetyl.function.maven.config.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The function's layers, bottom-up, each separate so a code change re-pushes only what changed: release
 * dependencies, snapshot dependencies, reactor dependencies, resources, classes, config. Dependencies go to
 * {@code /<codedir>/lib/}, classes and resources to {@code /<codedir>/classes/}, the config to
 * {@code /etc/baetyl/service.yml}. With several code directories every layer fills each of them.
 */
public final class FunctionLayers {

  public static final String SERVICE_YML_IN_IMAGE = "/etc/baetyl/service.yml";

  private FunctionLayers() {
  }

  /** The non-empty layers, bottom-up. */
  public static List<LayerSpec> of(FunctionConfig config, ProjectLayout layout, Path serviceYml) {
    List<String> codedirs = config.imageCodedirs();
    List<LayerSpec> layers = new ArrayList<>();
    Set<String> jarNames = new HashSet<>();
    layers.add(jars("dependencies", layout.releaseDependencies(), codedirs, jarNames));
    layers.add(jars("snapshot dependencies", layout.snapshotDependencies(), codedirs, jarNames));
    layers.add(jars("project dependencies", layout.reactorDependencies(), codedirs, jarNames));
    layers.add(classesTree("resources", layout.classesDirectory(), codedirs, p -> !isClassFile(p)));
    layers.add(classesTree("classes", layout.classesDirectory(), codedirs, FunctionLayers::isClassFile));
    layers.add(LayerSpec.builder("config").addFile(serviceYml, SERVICE_YML_IN_IMAGE).build());
    return layers.stream().filter(layer -> !layer.isEmpty()).toList();
  }

  private static LayerSpec jars(String name, List<Path> jars, List<String> codedirs, Set<String> usedNames) {
    LayerSpec.Builder layer = LayerSpec.builder(name);
    for (Path jar : jars) {
      String fileName = uniqueName(jar, usedNames);
      for (String codedir : codedirs) {
        layer.addFile(jar, codedir + "/lib/" + fileName);
      }
    }
    return layer.build();
  }

  /** Two dependencies with one file name (same artifactId, other groupId) must not overwrite each other. */
  private static String uniqueName(Path jar, Set<String> usedNames) {
    String fileName = jar.getFileName().toString();
    if (usedNames.add(fileName)) {
      return fileName;
    }
    String stem = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
    for (int i = 2; ; i++) {
      String candidate = stem + "-" + i + ".jar";
      if (usedNames.add(candidate)) {
        return candidate;
      }
    }
  }

  private static LayerSpec classesTree(String name, Path classes, List<String> codedirs, Predicate<Path> include) {
    LayerSpec.Builder layer = LayerSpec.builder(name);
    if (!Files.isDirectory(classes)) {
      return layer.build();
    }
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).filter(include).sorted().toList()) {
        String relative = classes.relativize(file).toString().replace('\\', '/');
        for (String codedir : codedirs) {
          layer.addFile(file, codedir + "/classes/" + relative);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return layer.build();
  }

  private static boolean isClassFile(Path file) {
    return file.getFileName().toString().endsWith(".class");
  }
}
