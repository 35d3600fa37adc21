package io.baetyl.function.maven.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baetyl.function.image.ImageBuildResult;
import io.baetyl.function.image.ImageBuilder;
import io.baetyl.function.maven.config.FunctionConfig;
import io.baetyl.function.maven.config.FunctionSpec;
import io.baetyl.function.maven.config.ImageSettings;
import io.baetyl.function.maven.config.ModulesCheck;
import io.baetyl.function.maven.config.ProjectLayout;
import io.baetyl.function.maven.config.TargetKind;
import io.baetyl.function.maven.packaging.BuildLog;
import io.baetyl.function.maven.packaging.FunctionPackager;
import io.baetyl.function.maven.packaging.PackageRequest;
import io.baetyl.function.maven.testing.BaseImages;
import io.baetyl.function.maven.testing.SampleClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionPackagerTest {

  @TempDir
  static Path shared;

  static Path baseTar;

  @TempDir
  Path dir;

  private final List<String> logLines = new ArrayList<>();

  private final BuildLog log = new BuildLog() {
    @Override
    public void info(String message) {
      logLines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
      logLines.add("WARN " + message);
    }

    @Override
    public void debug(String message) {
      logLines.add("DEBUG " + message);
    }
  };

  @BeforeAll
  static void makeBase() throws Exception {
    baseTar = BaseImages.smallTar(shared.resolve("base"));
  }

  private PackageRequest request(Path project, String handlerSource, String image, TargetKind target,
      boolean offline) throws Exception {
    Path classes = SampleClasses.compile(project.resolve("target/classes"),
        Map.of("com.example.SayHi", handlerSource));
    Files.writeString(classes.resolve("greeting.properties"), "greeting=hi\n");
    Path dep = SampleClasses.jar(project.resolve("dep-1.0.jar"), "dep/readme.txt", "a dependency\n");
    ProjectLayout layout = new ProjectLayout("sayhi", "1.0", classes, project.resolve("target/baetyl"),
        List.of(dep), List.of(), List.of());
    FunctionConfig config = new FunctionConfig("function-java-sayhi",
        List.of(new FunctionSpec("sayhi", null, "var/db/baetyl/function-sayhi", null, null)), null);
    ImageSettings settings = new ImageSettings("tar://" + baseTar, "<from><image>", image, null, target,
        project.resolve("target/baetyl/image.tar"), List.of(), Map.of(), false, offline, Map.of("a", "b"),
        Map.of(), List.of("-Xss256k"), null, null);
    return new PackageRequest(layout, config, settings, ModulesCheck.WARN, Set.of("java.base"), project);
  }

  private ImageBuildResult build(Path project, String handlerSource) throws Exception {
    return new FunctionPackager(new ImageBuilder(), log)
        .packageFunction(request(project, handlerSource, "sayhi:1.0", TargetKind.TAR, false));
  }

  @Test
  void writesConfigsImageTarAndItsDigestIdAndJson() throws Exception {
    ImageBuildResult result = build(dir, SampleClasses.sayHi("com.example", "SayHi"));

    Path out = dir.resolve("target/baetyl");
    assertThat(out.resolve("image.tar")).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("image.digest")).trim()).isEqualTo(result.digest());
    assertThat(Files.readString(out.resolve("image.id")).trim()).isEqualTo(result.imageId());
    assertThat(Files.readString(out.resolve("image.json"))).contains(result.digest());
    assertThat(Files.readString(out.resolve("service.yml"))).contains("handler: com.example.SayHi");
    assertThat(Files.readString(out.resolve("application.yml"))).contains("image: sayhi:1.0");
    // base + dependencies, resources, classes, config
    assertThat(result.layerDigests()).hasSize(5);
    assertThat(logLines).anyMatch(l -> l.startsWith("INFO Built sayhi:1.0 with digest sha256:"));
    // the result is logged once (the image builder's own line is debug); jib's entrypoint echo is not info
    assertThat(logLines.stream().filter(l -> l.startsWith("INFO") && l.contains("with digest"))).hasSize(1);
    assertThat(logLines).noneMatch(l -> l.startsWith("INFO Container entrypoint"));
  }

  @Test
  void aFailedBuildLeavesNoStaleImageFilesAndNoConfigsWhenValidationFails() throws Exception {
    PackageRequest request = request(dir, SampleClasses.sayHi("com.example", "SayHi"), "sayhi:1.0",
        TargetKind.TAR, false);
    Path out = Files.createDirectories(dir.resolve("target/baetyl"));
    for (String name : List.of("image.tar", "image.digest", "image.id", "image.json")) {
      Files.writeString(out.resolve(name), "from an earlier build");
    }
    PackageRequest wrong = new PackageRequest(request.layout(), request.functions().withFunctions(List.of(
        new FunctionSpec("sayhi", "com.example.Nope", "var/db/baetyl/function-sayhi", null, null))),
        request.image(), request.modulesCheck(), request.runtimeModules(), request.baseDirectory());

    assertThatThrownBy(() -> new FunctionPackager(new ImageBuilder(), log).packageFunction(wrong))
        .hasMessageStartingWith("function 'sayhi' handler 'com.example.Nope': ");
    for (String name : List.of("image.tar", "image.digest", "image.id", "image.json", "service.yml",
        "application.yml")) {
      assertThat(out.resolve(name)).doesNotExist();
    }
  }

  @Test
  void missingCompiledClassesAskForThePackagePhase() throws Exception {
    PackageRequest request = request(dir, SampleClasses.sayHi("com.example", "SayHi"), "sayhi:1.0",
        TargetKind.TAR, false);
    ProjectLayout layout = request.layout();
    ProjectLayout noClasses = new ProjectLayout(layout.artifactId(), layout.version(),
        dir.resolve("other/target/classes"), layout.outputDirectory(), List.of(), List.of(), List.of());
    PackageRequest missing = new PackageRequest(noClasses, request.functions(), request.image(),
        request.modulesCheck(), request.runtimeModules(), dir.resolve("other"));

    assertThatThrownBy(() -> new FunctionPackager(new ImageBuilder(), log).packageFunction(missing))
        .hasMessage("target/classes does not exist: baetyl:package needs the compiled handler, so run it after"
            + " compiling (`mvn package baetyl:package`), and check that src/main/java holds the handler's source.");
  }

  @Test
  void anInvalidImageNameIsReportedBeforeTheOfflineProblem() throws Exception {
    PackageRequest request = request(dir, SampleClasses.sayHi("com.example", "SayHi"), "Not A Ref",
        TargetKind.REGISTRY, true);

    assertThatThrownBy(() -> new FunctionPackager(new ImageBuilder(), log).packageFunction(request))
        .hasMessageContaining("'Not A Ref', not a valid image reference");
  }

  @Test
  void twoCleanBuildsGiveTheSameDigest() throws Exception {
    ImageBuildResult first = build(dir.resolve("one"), SampleClasses.sayHi("com.example", "SayHi"));
    ImageBuildResult second = build(dir.resolve("two"), SampleClasses.sayHi("com.example", "SayHi"));

    assertThat(second.digest()).isEqualTo(first.digest());
  }

  @Test
  void changingOneClassChangesOnlyTheClassesLayer() throws Exception {
    ImageBuildResult before = build(dir, SampleClasses.sayHi("com.example", "SayHi"));
    String changed = SampleClasses.sayHi("com.example", "SayHi").replace("return in;", "in.put(\"x\", 1); return in;");
    ImageBuildResult after = build(dir, changed);

    List<String> beforeLayers = before.layerDigests();
    List<String> afterLayers = after.layerDigests();
    assertThat(afterLayers).hasSameSizeAs(beforeLayers);
    List<Integer> differing = new ArrayList<>();
    for (int i = 0; i < beforeLayers.size(); i++) {
      if (!beforeLayers.get(i).equals(afterLayers.get(i))) {
        differing.add(i);
      }
    }
    // layers: base, dependencies, resources, classes, config
    assertThat(differing).containsExactly(3);
  }

  @Test
  void anInvalidImageNameIsRejectedBeforeAnythingIsBuilt() throws Exception {
    PackageRequest request = request(dir, SampleClasses.sayHi("com.example", "SayHi"), "Not A Ref",
        TargetKind.TAR, false);

    assertThatThrownBy(() -> new FunctionPackager(new ImageBuilder(), log).packageFunction(request))
        .hasMessage("The default image name <functionName>:<version> is 'Not A Ref', not a valid image reference; "
            + "use [registry/]repository[:tag] in lower case.");
  }

  @Test
  void aRegistryTargetInOfflineModeIsRefused() throws Exception {
    PackageRequest request = request(dir, SampleClasses.sayHi("com.example", "SayHi"), "localhost:5000/sayhi:1",
        TargetKind.REGISTRY, true);

    assertThatThrownBy(() -> new FunctionPackager(new ImageBuilder(), log).packageFunction(request))
        .hasMessageStartingWith("Maven is offline and the registry target needs the network");
  }

  /** A handler that uses java.util.logging, on a base image whose JRE has only java.base. */
  private PackageRequest usingJavaLoggingOnABaseWithoutIt(ModulesCheck check) throws Exception {
    Path base = BaseImages.withJavaRelease(dir.resolve("jre-base"), "java.base");
    PackageRequest request = request(dir, SampleClasses.sayHi("com.example", "SayHi")
        .replace("return in;", "java.util.logging.Logger.getLogger(\"x\").info(\"hi\"); return in;"), "sayhi:1.0",
        TargetKind.TAR, false);
    ImageSettings image = request.image();
    ImageSettings onJreBase = new ImageSettings("tar://" + base, "<from><image>", image.image(), null,
        image.target(), image.tarFile(), List.of(), Map.of(), false, false, Map.of(), Map.of(), List.of(), null, null);
    return new PackageRequest(request.layout(), request.functions(), onJreBase, check, Set.of(),
        request.baseDirectory());
  }

  @Test
  void aModuleMissingFromTheBaseImagesJreFailsTheBuildWhenAskedTo() throws Exception {
    PackageRequest strict = usingJavaLoggingOnABaseWithoutIt(ModulesCheck.FAIL);

    assertThatThrownBy(() -> new FunctionPackager(new ImageBuilder(), log).packageFunction(strict))
        .hasMessage("com.example.SayHi (classes) uses java.util.logging.Logger from Java module java.logging, which "
            + "the base image's JRE does not contain; add a JRE with that module through <from><image>, or "
            + "avoid the class.");
    // checked before anything is written or built
    assertThat(dir.resolve("target/baetyl/image.tar")).doesNotExist();
    assertThat(dir.resolve("target/baetyl/service.yml")).doesNotExist();
  }

  @Test
  void aModuleMissingFromTheBaseImagesJreIsAWarningBeforeTheResultByDefault() throws Exception {
    PackageRequest warn = usingJavaLoggingOnABaseWithoutIt(ModulesCheck.WARN);

    new FunctionPackager(new ImageBuilder(), log).packageFunction(warn);

    assertThat(dir.resolve("target/baetyl/image.tar")).isNotEmptyFile();
    String warning = "WARN com.example.SayHi (classes) uses java.util.logging.Logger from Java module java.logging";
    assertThat(logLines).anyMatch(l -> l.startsWith(warning));
    int warningAt = indexOf(warning);
    int resultAt = indexOf("INFO Built sayhi:1.0 with digest");
    assertThat(warningAt).isLessThan(resultAt);
  }

  private int indexOf(String prefix) {
    for (int i = 0; i < logLines.size(); i++) {
      if (logLines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aWrongHandlerFailsBeforeTheImageIsBuilt() throws Exception {
    PackageRequest request = request(dir, SampleClasses.sayHi("com.example", "SayHi"), "sayhi:1.0",
        TargetKind.TAR, false);
    PackageRequest wrong = new PackageRequest(request.layout(), request.functions().withFunctions(List.of(
        new FunctionSpec("sayhi", "com.example.Nope", "var/db/baetyl/function-sayhi", null, null))),
        request.image(), request.modulesCheck(), request.runtimeModules(), request.baseDirectory());

    assertThatThrownBy(() -> new FunctionPackager(new ImageBuilder(), log).packageFunction(wrong))
        .hasMessageStartingWith("function 'sayhi' handler 'com.example.Nope': ");
    assertThat(dir.resolve("target/baetyl/image.tar")).doesNotExist();
  }
}
