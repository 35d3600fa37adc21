package io.baetyl.function.maven.packaging;

import io.baetyl.function.image.ImageBuildException;
import io.baetyl.function.image.ImageBuildRequest;
import io.baetyl.function.image.ImageBuildResult;
import io.baetyl.function.image.ImageBuilder;
import io.baetyl.function.image.ImageLog;
import io.baetyl.function.image.ImageSpec;
import io.baetyl.function.image.ImageTarget;
import io.baetyl.function.image.RegistryAuth;
import io.baetyl.function.maven.config.BaetylConfigWriter;
import io.baetyl.function.maven.config.ConfigException;
import io.baetyl.function.maven.config.Credential;
import io.baetyl.function.maven.config.FunctionConfig;
import io.baetyl.function.maven.config.FunctionSpec;
import io.baetyl.function.maven.config.ImageSettings;
import io.baetyl.function.maven.config.ModulesCheck;
import io.baetyl.function.maven.config.TargetKind;
import io.baetyl.function.maven.image.FunctionLayers;
import io.baetyl.function.maven.validation.BaseImageModules;
import io.baetyl.function.maven.validation.HandlerValidator;
import io.baetyl.function.maven.validation.ModuleUse;
import io.baetyl.function.maven.validation.ModulesChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What {@code baetyl:package} does, free of Maven: check the handlers with the runtime's own resolver, write
 * the Baetyl configs, check Java module use, build the image and write image.digest / image.id / image.json.
 */
public final class FunctionPackager {

  private final ImageBuilder imageBuilder;
  private final BuildLog log;

  public FunctionPackager(ImageBuilder imageBuilder, BuildLog log) {
    this.imageBuilder = imageBuilder;
    this.log = log;
  }

  /** What a failed or earlier build may have left in target/baetyl that describes an image not built now. */
  static final List<String> IMAGE_OUTPUTS = List.of("image.tar", "image.digest", "image.id", "image.json");

  /**
   * Validates and writes the configs only (no image): returns the functions with resolved handlers. The YAML
   * files are written only once every check (image reference, classes, handlers, Java modules) has passed;
   * {@link #packageFunction} writes them before the image build, since service.yml goes into the image, so a
   * failed image build leaves valid configs but no image.* files.
   */
  public FunctionConfig writeConfigs(PackageRequest request) throws ConfigException, IOException {
    return writeConfigs(request, true);
  }

  private FunctionConfig writeConfigs(PackageRequest request, boolean checkModules)
      throws ConfigException, IOException {
    checkImageReference(request.image());
    Path classes = request.layout().classesDirectory();
    if (!Files.isDirectory(classes)) {
      throw new ConfigException(display(request, classes) + " does not exist: baetyl:package needs the compiled"
          + " handler, so run it after compiling (`mvn package baetyl:package`), and check that src/main/java"
          + " holds the handler's source.");
    }
    List<FunctionSpec> resolved = new HandlerValidator().validate(request.functions().functions(), request.layout());
    FunctionConfig config = request.functions().withFunctions(resolved);
    if (checkModules) {
      report(checkModules(request));
    }
    for (FunctionSpec function : resolved) {
      log.info("Function " + function.name() + ": handler " + function.handler() + ", codedir " + function.codedir());
    }
    new BaetylConfigWriter().writeAll(config, request.image().image(), request.layout().outputDirectory());
    return config;
  }

  /** The whole goal: configs, checks and the image. */
  public ImageBuildResult packageFunction(PackageRequest request)
      throws ConfigException, IOException, ImageBuildException {
    Path outputDirectory = request.layout().outputDirectory();
    deleteStaleImageOutputs(outputDirectory);
    ImageSettings image = request.image();
    checkImageReference(image);
    if (image.offline() && image.target() == TargetKind.REGISTRY) {
      throw new ConfigException("Maven is offline and the registry target needs the network to push "
          + image.image() + "; build online, or use -Dbaetyl.target=tar or docker.");
    }
    // a check that may fail the build runs first; one that only warns runs alongside the image build (jdeps
    // takes a few hundred ms in a fresh Maven JVM, while jib mostly waits on I/O)
    boolean checkAlongside = request.modulesCheck() == ModulesCheck.WARN;
    FunctionConfig config = writeConfigs(request, !checkAlongside);
    FutureTask<List<LogLine>> modules = null;
    if (checkAlongside) {
      modules = new FutureTask<>(() -> checkModules(request));
      Thread thread = new Thread(modules, "baetyl-modules-check");
      thread.setDaemon(true);
      thread.start();
    }
    ImageBuildResult result;
    try {
      result = buildImage(request, config);
    } finally {
      if (modules != null) {
        report(await(modules));
      }
    }
    log.info((result.pushed() ? "Pushed " : "Built ") + result.reference() + " with digest " + result.digest()
        + (image.target() == TargetKind.TAR ? " to " + image.tarFile() : ""));
    return result;
  }

  private ImageBuildResult buildImage(PackageRequest request, FunctionConfig config)
      throws IOException, ImageBuildException {
    ImageSettings image = request.image();
    Path outputDirectory = request.layout().outputDirectory();
    Path serviceYml = outputDirectory.resolve(BaetylConfigWriter.SERVICE_YML);
    ImageBuildRequest buildRequest = ImageBuildRequest.builder()
        .from(image.baseImage())
        .baseDirectory(request.baseDirectory())
        .to(target(image))
        .additionalTags(image.tags())
        .layers(FunctionLayers.of(config, request.layout(), serviceYml))
        .environment(environment(image))
        .labels(image.labels())
        .platform(image.platform() == null ? "linux/amd64" : image.platform())
        .registryAuth(registryAuth(image))
        .progressListener(log::info)
        .logListener(this::log)
        .insecureRegistriesOption(INSECURE_OPTION)
        .applicationLayersCache(outputDirectory.resolve("cache"))
        .toolName("baetyl-maven-plugin")
        .build();
    ImageBuildResult result = imageBuilder.build(buildRequest);
    result.writeTo(outputDirectory);
    return result;
  }

  static final String CREDENTIALS_HELP = "a <server> in settings.xml whose <id> is the registry host,"
      + " <to><auth> / <from><auth>, docker login, or a Docker credential helper";

  static final String INSECURE_OPTION = "<allowInsecureRegistries>true</allowInsecureRegistries>"
      + " (-Dbaetyl.allowInsecureRegistries=true)";

  private void log(ImageLog.Level level, String message) {
    switch (level) {
      case DEBUG -> log.debug(message);
      case WARN -> log.warn(message);
      case ERROR -> log.error(message);
      default -> log.info(message);
    }
  }

  private static void deleteStaleImageOutputs(Path outputDirectory) throws IOException {
    for (String name : IMAGE_OUTPUTS) {
      Files.deleteIfExists(outputDirectory.resolve(name));
    }
  }

  private static String display(PackageRequest request, Path path) {
    try {
      Path base = request.baseDirectory().toAbsolutePath().normalize();
      Path absolute = path.toAbsolutePath().normalize();
      return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    } catch (RuntimeException e) {
      return path.toString();
    }
  }

  private static void checkImageReference(ImageSettings image) throws ConfigException {
    try {
      ImageSpec spec = ImageSpec.parse(image.image());
      if (spec.kind() != ImageSpec.Kind.REGISTRY) {
        throw new ConfigException(origin(image) + " is '" + image.image() + "', not an image name; give "
            + "[registry/]repository[:tag] and choose the target with <target> (-Dbaetyl.target).");
      }
    } catch (ImageBuildException e) {
      throw new ConfigException(origin(image) + " is '" + image.image() + "', not a valid image reference; use "
          + "[registry/]repository[:tag] in lower case.", e);
    }
  }

  private static String origin(ImageSettings image) {
    return image.imageOrigin() == null ? "The default image name <functionName>:<version>" : image.imageOrigin();
  }

  /** A line for the build log, kept until it can be written from the Mojo's own thread. */
  private record LogLine(boolean warning, String message) {}

  private void report(List<LogLine> lines) {
    for (LogLine line : lines) {
      if (line.warning()) {
        log.warn(line.message());
      } else {
        log.info(line.message());
      }
    }
  }

  private static List<LogLine> await(FutureTask<List<LogLine>> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return List.of(new LogLine(true, "Skipping the Java modules check: " + e.getCause()));
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The check's log lines; in fail mode the first problem is thrown instead. */
  private List<LogLine> checkModules(PackageRequest request) throws ConfigException {
    List<LogLine> lines = new ArrayList<>();
    if (request.modulesCheck() == ModulesCheck.OFF) {
      return lines;
    }
    List<ModuleUse> uses;
    try {
      uses = new ModulesChecker(runtimeModules(request, lines), request.layout().outputDirectory().resolve("cache/jdeps"))
          .check(request.layout().classpath());
    } catch (IllegalStateException e) {
      if (request.modulesCheck() == ModulesCheck.FAIL) {
        throw new ConfigException("The Java modules check failed: " + e.getMessage()
            + "; fix the file or set <modulesCheck>warn</modulesCheck>.", e);
      }
      lines.add(new LogLine(true, "Skipping the Java modules check: " + e.getMessage()));
      return lines;
    }
    for (ModuleUse use : uses) {
      String message = use.describe() + "; add a JRE with that module through <from><image>, or avoid the class.";
      if (request.modulesCheck() == ModulesCheck.FAIL) {
        throw new ConfigException(message);
      }
      lines.add(new LogLine(true, message));
    }
    return lines;
  }

  /** {@code <runtimeModules>}, else the base image's /opt/java/release, else the list shipped with the plugin. */
  private static Set<String> runtimeModules(PackageRequest request, List<LogLine> lines) {
    if (!request.runtimeModules().isEmpty()) {
      return request.runtimeModules();
    }
    Optional<Path> tar = BaseImageModules.tarPath(request.image().baseImage(), request.baseDirectory())
        .filter(Files::isRegularFile);
    if (tar.isPresent()) {
      try {
        Optional<Set<String>> modules = BaseImageModules.fromDockerSaveTar(tar.get());
        if (modules.isPresent()) {
          lines.add(new LogLine(false, "Java modules check: " + modules.get().size()
              + " modules of the base image's /opt/java/release"));
          return modules.get();
        }
      } catch (IOException e) {
        lines.add(new LogLine(true, "Cannot read the Java modules of the base image " + tar.get() + " ("
            + e.getMessage() + "); checking against the plugin's list of the runtime image's modules."));
      }
    }
    return ModulesChecker.defaultRuntimeModules();
  }

  private static ImageTarget target(ImageSettings image) {
    return switch (image.target()) {
      case REGISTRY -> ImageTarget.registry(image.image());
      case DOCKER -> image.dockerExecutable() == null ? ImageTarget.docker(image.image())
          : ImageTarget.docker(image.image()).withDockerExecutable(image.dockerExecutable(), Map.of());
      case TAR -> ImageTarget.tar(image.image(), image.tarFile());
    };
  }

  private static Map<String, String> environment(ImageSettings image) {
    Map<String, String> environment = new LinkedHashMap<>(image.environment());
    if (!image.jvmFlags().isEmpty()) {
      String flags = String.join(" ", image.jvmFlags());
      environment.merge("JAVA_TOOL_OPTIONS", flags, (configured, added) -> configured + " " + added);
    }
    return environment;
  }

  private static RegistryAuth registryAuth(ImageSettings image) {
    RegistryAuth.Builder auth = RegistryAuth.builder()
        .allowInsecureRegistries(image.allowInsecureRegistries())
        .offline(image.offline())
        .credentialsHelp(CREDENTIALS_HELP);
    for (Map.Entry<String, Credential> entry : image.credentials().entrySet()) {
      auth.credentials(entry.getKey(), entry.getValue().username(), entry.getValue().password(),
          entry.getValue().origin());
    }
    return auth.build();
  }
}
