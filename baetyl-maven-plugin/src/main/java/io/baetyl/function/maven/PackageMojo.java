package io.baetyl.function.maven;

import io.baetyl.function.image.ImageBuildException;
import io.baetyl.function.image.ImageBuilder;
import io.baetyl.function.maven.config.ConfigException;
import io.baetyl.function.maven.config.Credential;
import io.baetyl.function.maven.config.FunctionConfig;
import io.baetyl.function.maven.config.FunctionConfigFactory;
import io.baetyl.function.maven.config.FunctionInput;
import io.baetyl.function.maven.config.ImageInputs;
import io.baetyl.function.maven.config.ImageSettings;
import io.baetyl.function.maven.config.ModulesCheck;
import io.baetyl.function.maven.config.ProjectLayout;
import io.baetyl.function.maven.config.ServerSpec;
import io.baetyl.function.maven.packaging.BuildLog;
import io.baetyl.function.maven.packaging.FunctionPackager;
import io.baetyl.function.maven.packaging.PackageRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;

/**
 * Writes the Baetyl configs of a Java function (target/baetyl/service.yml, application.yml,
 * function-manager.yml), checks its handlers with the runtime's own resolver and builds its image on the
 * runtime image. Reads parameters into plain config objects and hands them to {@link FunctionPackager}.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public class PackageMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
  String pluginVersion;

  /** Name of the single function (default: the artifactId). */
  @Parameter(property = "baetyl.functionName")
  String functionName;

  /** Handler string of the single function; may be omitted when the project has exactly one handler class. */
  @Parameter(property = "baetyl.handler")
  String handler;

  /** Code directory of the single function in the image (default: var/db/baetyl/function-&lt;name&gt;). */
  @Parameter(property = "baetyl.codedir")
  String codedir;

  /** Function manager instance limits of the single function. */
  @Parameter
  InstanceParameters instance;

  /** Several functions served by one runtime (instead of functionName/handler/codedir). */
  @Parameter
  List<FunctionParameters> functions;

  /** Baetyl service name of the runtime (default: function-java-&lt;functionName&gt;). */
  @Parameter(property = "baetyl.serviceName")
  String serviceName;

  /** Optional server block of service.yml. */
  @Parameter
  ServerParameters server;

  /** registry, docker or tar (default: registry when an image name is given, tar otherwise). */
  @Parameter(property = "baetyl.target")
  String target;

  @Parameter
  FromParameters from;

  @Parameter
  ToParameters to;

  /** Allows plain-HTTP registries and registries with unverified certificates. */
  @Parameter(property = "baetyl.allowInsecureRegistries", defaultValue = "false")
  boolean allowInsecureRegistries;

  @Parameter(property = "baetyl.skip", defaultValue = "false")
  boolean skip;

  @Parameter
  Map<String, String> labels;

  @Parameter
  Map<String, String> environment;

  /** JVM flags for the function's runtime, put into JAVA_TOOL_OPTIONS of the image. */
  @Parameter(property = "baetyl.jvmFlags")
  List<String> jvmFlags;

  /** The docker client a docker target uses (default: docker on the PATH). */
  @Parameter(property = "baetyl.dockerExecutable")
  java.io.File dockerExecutable;

  /** os/architecture of the image (default linux/amd64). */
  @Parameter(property = "baetyl.platform")
  String platform;

  /** warn, fail or off: what a Java module missing from the runtime image's JRE does. */
  @Parameter(property = "baetyl.modulesCheck", defaultValue = "warn")
  String modulesCheck;

  /**
   * The base image JRE's modules for the modules check (default: the MODULES line of /opt/java/release in a tar
   * base image, such as the runtime image, else the list shipped with the plugin).
   */
  @Parameter
  List<String> runtimeModules;

  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
  java.io.File classesDirectory;

  @Parameter(defaultValue = "${project.build.directory}/baetyl", readonly = true)
  java.io.File outputDirectory;

  @Component
  RepositorySystem repositorySystem;

  @Component
  SettingsDecrypter settingsDecrypter;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping baetyl:package (baetyl.skip is true).");
      return;
    }
    if ("pom".equals(project.getPackaging())) {
      getLog().info("Skipping baetyl:package: " + project.getArtifactId() + " has packaging pom.");
      return;
    }
    try {
      PackageRequest request = request();
      new FunctionPackager(new ImageBuilder(), log()).packageFunction(request);
    } catch (ConfigException e) {
      // no cause attached: Maven would append the cause's own (technical) message to our one sentence
      getLog().debug(e);
      throw new MojoFailureException(e.getMessage());
    } catch (ImageBuildException e) {
      getLog().debug(e);
      throw new MojoExecutionException(e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write to " + outputDirectory + ": " + e.getMessage(), e);
    }
  }

  PackageRequest request() throws ConfigException {
    ProjectLayout layout = layout();
    FunctionConfig functionConfig = FunctionConfigFactory.create(project.getArtifactId(), serviceName,
        new FunctionInput(functionName, handler, codedir, instance == null ? null : instance.min,
            instance == null ? null : instance.max),
        functionInputs(), serverSpec());
    ImageInputs inputs = new ImageInputs(properties())
        .fromImage(from == null ? null : from.image)
        .fromAuth(credential(from == null ? null : from.auth, "<from><auth>"))
        .toImage(to == null ? null : to.image)
        .toTags(to == null ? null : to.tags)
        .toAuth(credential(to == null ? null : to.auth, "<to><auth>"))
        .target(target);
    ImageInputs.Origin base = inputs.configuredBaseImage().orElse(null);
    String baseImage = base != null ? base.value()
        : new RuntimeImageResolver(repositorySystem, session.getRepositorySession(),
            project.getRemoteProjectRepositories()).resolve(pluginVersion);
    ImageInputs.Origin image = inputs.targetImage(functionConfig.functions().get(0).name(), project.getVersion());
    Map<String, Credential> credentials = new MavenCredentials(session.getSettings(), settingsDecrypter)
        .collect(baseImage, inputs.fromAuth(), image.value(), inputs.toAuth());
    ImageSettings settings = new ImageSettings(baseImage, base == null ? "the runtime image" : base.origin(),
        image.value(), image.origin(), inputs.target(image), layout.outputDirectory().resolve("image.tar"),
        inputs.tags(), credentials, allowInsecureRegistries, session.isOffline(),
        inputs.prefixed("baetyl.labels.", labels), inputs.prefixed("baetyl.environment.", environment),
        jvmFlags == null ? List.of() : jvmFlags, platform,
        dockerExecutable == null ? null : dockerExecutable.toPath());
    Set<String> modules = runtimeModules == null ? Set.of() : new LinkedHashSet<>(runtimeModules);
    return new PackageRequest(layout, functionConfig, settings, ModulesCheck.parse(modulesCheck), modules,
        project.getBasedir().toPath());
  }

  private ProjectLayout layout() throws ConfigException {
    Set<String> reactor = new LinkedHashSet<>();
    for (MavenProject p : session.getProjects()) {
      reactor.add(p.getGroupId() + ":" + p.getArtifactId() + ":" + p.getVersion());
    }
    List<Path> release = new ArrayList<>();
    List<Path> snapshot = new ArrayList<>();
    List<Path> local = new ArrayList<>();
    for (Artifact artifact : project.getArtifacts()) {
      if (!artifact.getArtifactHandler().isAddedToClasspath() || artifact.getFile() == null
          || (!Artifact.SCOPE_COMPILE.equals(artifact.getScope()) && !Artifact.SCOPE_RUNTIME.equals(artifact.getScope()))) {
        continue;
      }
      Path file = artifact.getFile().toPath();
      if (artifact.getFile().isDirectory()) {
        throw new ConfigException("The dependency " + artifact.getId() + " resolved to the directory " + file
            + ", not a jar; run baetyl:package together with the package phase (mvn package baetyl:package).");
      }
      if (reactor.contains(artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getBaseVersion())) {
        local.add(file);
      } else if (artifact.isSnapshot()) {
        snapshot.add(file);
      } else {
        release.add(file);
      }
    }
    return new ProjectLayout(project.getArtifactId(), project.getVersion(), classesDirectory.toPath(),
        outputDirectory.toPath(), release, snapshot, local);
  }

  private List<FunctionInput> functionInputs() {
    List<FunctionInput> inputs = new ArrayList<>();
    if (functions != null) {
      for (FunctionParameters f : functions) {
        inputs.add(new FunctionInput(f.name, f.handler, f.codedir, f.instance == null ? null : f.instance.min,
            f.instance == null ? null : f.instance.max));
      }
    }
    return inputs;
  }

  private ServerSpec serverSpec() {
    if (server == null) {
      return null;
    }
    return new ServerSpec(server.address, server.workersMax, server.concurrentMax, server.messageLengthMax,
        server.timeout);
  }

  private static Credential credential(AuthParameters auth, String where) throws ConfigException {
    if (auth == null || (auth.username == null && auth.password == null)) {
      return null;
    }
    if (auth.username == null || auth.username.isBlank() || auth.password == null) {
      throw new ConfigException(where + " needs both <username> and <password>.");
    }
    return new Credential(auth.username, auth.password, where);
  }

  /** System properties overlaid with the session's (-D) properties, as Jib reads its nested parameters. */
  private Map<String, String> properties() {
    Map<String, String> merged = new HashMap<>();
    copy(session.getSystemProperties(), merged);
    copy(session.getUserProperties(), merged);
    copy(project.getProperties(), merged);
    copy(session.getUserProperties(), merged);
    return merged;
  }

  private static void copy(Properties from, Map<String, String> to) {
    if (from != null) {
      from.stringPropertyNames().forEach(name -> to.put(name, from.getProperty(name)));
    }
  }

  private BuildLog log() {
    return new BuildLog() {
      @Override
      public void info(String message) {
        getLog().info(message);
      }

      @Override
      public void warn(String message) {
        getLog().warn(message);
      }

      @Override
      public void debug(String message) {
        getLog().debug(message);
      }

      @Override
      public void error(String message) {
        getLog().error(message);
      }
    };
  }
}
