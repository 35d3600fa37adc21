package io.baetyl.function.image.runtime;

import io.baetyl.function.image.ImageBuildException;
import io.baetyl.function.image.ImageBuildRequest;
import io.baetyl.function.image.ImageBuildResult;
import io.baetyl.function.image.ImageBuilder;
import io.baetyl.function.image.ImageSpec;
import io.baetyl.function.image.ImageTarget;
import io.baetyl.function.image.LayerSpec;
import io.baetyl.function.image.jre.HermeticJre;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles the shared runtime image. Layers, bottom-up: the Java runtime (base image), the
 * runtime's dependency jars, the runtime jar, the class-data-sharing archive, defaults (JVM flags
 * file, empty {@code /etc/baetyl} and {@code /var/db/baetyl}). Only the archive layer may differ
 * between two builds of the same input.
 */
public final class RuntimeImageBuilder {

  private final ImageBuilder imageBuilder;

  public RuntimeImageBuilder(ImageBuilder imageBuilder) {
    this.imageBuilder = imageBuilder;
  }

  /** The runtime image that was built and how it starts. */
  public static final class Result {
    private final ImageBuildResult image;
    private final List<String> entrypoint;
    private final boolean classDataSharing;
    private final String base;
    private final ImageBuildResult pushed;

    Result(ImageBuildResult image, ImageBuildResult pushed, List<String> entrypoint,
        boolean classDataSharing, String base) {
      this.image = image;
      this.pushed = pushed;
      this.entrypoint = List.copyOf(entrypoint);
      this.classDataSharing = classDataSharing;
      this.base = base;
    }

    public ImageBuildResult image() {
      return image;
    }

    /** The registry push, when one was asked for. */
    public java.util.Optional<ImageBuildResult> pushed() {
      return java.util.Optional.ofNullable(pushed);
    }

    public List<String> entrypoint() {
      return entrypoint;
    }

    public boolean classDataSharing() {
      return classDataSharing;
    }

    /** The base image spec used (the hermetic JRE tar or the configured JRE image). */
    public String base() {
      return base;
    }
  }

  public Result build(RuntimeImageRequest request) throws ImageBuildException {
    checkJar(request.runtimeJar(), "runtime jar");
    for (Path jar : request.dependencyJars()) {
      checkJar(jar, "runtime dependency");
    }
    Path staging = request.workDirectory().resolve("rootfs");
    String base;
    Path jreDirectory = null;
    Map<String, String> labels = new TreeMap<>(request.labels());
    if (request.jreBaseImage().isPresent()) {
      base = request.jreBaseImage().get();
      ImageSpec.parse(base);
      if (!request.javaExecutable().startsWith("/")) {
        throw new ImageBuildException("The java executable '" + request.javaExecutable()
            + "' of the JRE base image " + base + " is not an absolute path.");
      }
    } else {
      List<Path> jars = new ArrayList<>();
      jars.add(request.runtimeJar());
      jars.addAll(request.dependencyJars());
      HermeticJre.Result jre = HermeticJre.builder()
          .jdk(request.jdk().orElse(null))
          .jars(jars)
          .addModules(request.extraModules())
          .cacheDirectory(request.jreCache())
          .javaHome(RuntimeImageLayout.JAVA_HOME)
          .modificationTime(request.modificationTime())
          .progress(request.progress())
          .build()
          .create();
      base = "tar://" + jre.imageTar();
      jreDirectory = jre.jreDirectory();
      // lets baetyl:package check a function's Java modules without unpacking the JRE layer
      labels.put(RuntimeImageLayout.JAVA_MODULES_LABEL, jreModules(jre.jreDirectory()));
    }
    boolean cds = request.classDataSharing() && jreDirectory != null;
    if (request.classDataSharing() && jreDirectory == null) {
      request.progress().accept("No class-data-sharing archive: it can only be made for the "
          + "hermetic JRE, not for the JRE base image " + base);
    }

    List<String> jarNames = new ArrayList<>();
    LayerSpec.Builder dependencies = layer("dependencies", request);
    LayerSpec.Builder runtime = layer("runtime", request);
    try {
      recreate(staging);
      Path lib = staging.resolve(relative(RuntimeImageLayout.LIB_DIRECTORY));
      Files.createDirectories(lib);
      for (Path jar : request.dependencyJars()) {
        jarNames.add(stage(jar, lib, request, dependencies));
      }
      String runtimeName = stage(request.runtimeJar(), lib, request, runtime);
      jarNames.add(0, runtimeName);
      Path flags = staging.resolve(relative(RuntimeImageLayout.JVM_FLAGS));
      Files.write(flags, JvmFlags.file(request.jvmFlags()));
      Path emptyDirectory = Files.createDirectories(request.workDirectory().resolve("empty"));

      String classPath = classPath(jarNames, cds);
      LayerSpec.Builder cdsLayer = layer("class-data-sharing", request);
      if (cds) {
        Path archive = staging.resolve(relative(RuntimeImageLayout.CDS_ARCHIVE));
        new CdsArchiver(jreDirectory, staging, request.workDirectory().resolve("cds"),
            request.progress()).create(classPath, flags, archive);
        cdsLayer.addFile(archive, RuntimeImageLayout.CDS_ARCHIVE);
      }
      LayerSpec defaults = layer("defaults", request)
          .addFile(flags, RuntimeImageLayout.JVM_FLAGS)
          .add(emptyDirectory, RuntimeImageLayout.CONFIG_DIRECTORY, 0755)
          .add(emptyDirectory, RuntimeImageLayout.CODE_ROOT, 0755)
          .build();

      List<String> entrypoint = entrypoint(request.javaExecutable(), classPath, cds);
      ImageBuildRequest.Builder image = ImageBuildRequest.builder()
          .from(base)
          .to(request.target())
          .additionalTags(request.additionalTags())
          .addLayer(dependencies.build())
          .addLayer(runtime.build())
          .addLayer(cdsLayer.build())
          .addLayer(defaults)
          .entrypoint(entrypoint)
          .environment(JvmFlags.MALLOC_ENVIRONMENT)
          .cmd(List.of())
          .user(RuntimeImageLayout.USER)
          .workingDirectory(RuntimeImageLayout.WORKING_DIRECTORY)
          .labels(labels)
          .registryAuth(request.registryAuth())
          .progressListener(request.progress());
      request.baseImageCache().ifPresent(image::baseImageCache);
      request.applicationLayersCache().ifPresent(image::applicationLayersCache);
      ImageBuildResult result = imageBuilder.build(image.build());
      ImageBuildResult pushed = null;
      if (request.pushTo().isPresent()) {
        pushed = imageBuilder.build(image.to(ImageTarget.registry(request.pushTo().get()))
            .build());
      }
      return new Result(result, pushed, entrypoint, cds, base);
    } catch (IOException e) {
      throw new ImageBuildException("Cannot stage the runtime image in " + staging + ": "
          + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ImageBuildException(e.getMessage(), e);
    }
  }

  /**
   * The image's entrypoint. With a CDS archive the class path is relative (the working directory
   * is {@code /}) because the archive records it exactly as it was when dumped.
   */
  static List<String> entrypoint(String java, String classPath, boolean cds) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-XX:Flags=" + RuntimeImageLayout.JVM_FLAGS);
    if (cds) {
      command.add("-XX:SharedArchiveFile=" + RuntimeImageLayout.CDS_ARCHIVE);
    }
    command.add("-cp");
    command.add(classPath);
    command.add(RuntimeImageLayout.MAIN_CLASS);
    return command;
  }

  private static String classPath(List<String> jarNames, boolean relative) {
    String prefix = relative ? relative(RuntimeImageLayout.LIB_DIRECTORY)
        : RuntimeImageLayout.LIB_DIRECTORY;
    List<String> entries = new ArrayList<>();
    for (String name : jarNames) {
      entries.add(prefix + "/" + name);
    }
    return String.join(":", entries);
  }

  private static LayerSpec.Builder layer(String name, RuntimeImageRequest request) {
    return LayerSpec.builder(name).modificationTime(request.modificationTime());
  }

  /** Copies a jar into staging stamped with the image's time (the CDS archive checks it). */
  private static String stage(Path jar, Path lib, RuntimeImageRequest request,
      LayerSpec.Builder layer) throws IOException, ImageBuildException {
    String name = jar.getFileName().toString();
    Path staged = lib.resolve(name);
    if (Files.exists(staged)) {
      throw new ImageBuildException("Two runtime jars are both named " + name + " ("
          + jar + "): the image keeps one directory of jars.");
    }
    Files.copy(jar, staged, StandardCopyOption.COPY_ATTRIBUTES);
    Files.setLastModifiedTime(staged, FileTime.from(request.modificationTime()));
    // the layer reads the original: jib's layer cache keys on the source's path and time, and the
    // staged copies all carry the same fixed time (the image gets that time either way)
    layer.addFile(jar, RuntimeImageLayout.LIB_DIRECTORY + "/" + name);
    return name;
  }

  private static void checkJar(Path jar, String what) throws ImageBuildException {
    if (!Files.isRegularFile(jar)) {
      throw new ImageBuildException("The " + what + " " + jar + " does not exist"
          + (Files.isDirectory(jar) ? " as a jar (it is a directory: package it first)" : "")
          + ".");
    }
  }

  private static String relative(String absolute) {
    return absolute.substring(1);
  }

  private static void recreate(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (var walk = Files.walk(directory)) {
        for (Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())
            ::iterator) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(directory);
  }

  /** The JRE's modules, comma separated, from the MODULES line jlink writes into its release file. */
  private static String jreModules(Path jreDirectory) throws ImageBuildException {
    Path release = jreDirectory.resolve("release");
    try {
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("MODULES=")) {
          return String.join(",", line.substring("MODULES=".length()).replace("\"", "").strip().split("\\s+"));
        }
      }
    } catch (IOException e) {
      throw new ImageBuildException("The JRE's release file " + release + " cannot be read: " + e.getMessage(), e);
    }
    throw new ImageBuildException("The JRE's release file " + release + " has no MODULES line.");
  }
}
