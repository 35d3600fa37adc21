package io.baetyl.function.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baetyl.function.maven.config.Credential;
import io.baetyl.function.maven.config.FunctionSpec;
import io.baetyl.function.maven.config.ModulesCheck;
import io.baetyl.function.maven.config.ServerSpec;
import io.baetyl.function.maven.config.TargetKind;
import io.baetyl.function.maven.packaging.PackageRequest;
import io.baetyl.function.maven.testing.BaseImages;
import io.baetyl.function.maven.testing.SampleClasses;
import io.baetyl.function.maven.config.ProjectLayout;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

@MojoTest
class PackageMojoTest {

  @Inject
  MavenProject project;

  @Inject
  MavenSession session;

  @TempDir
  Path dir;

  @BeforeEach
  void describeProject() {
    project.setGroupId("com.example");
    project.setArtifactId("sayhi");
    project.setVersion("1.0");
    project.setPackaging("jar");
  }

  /** Points the mojo's directories into the test's temporary directory. */
  private void relocate(PackageMojo mojo) {
    mojo.classesDirectory = dir.resolve("target/classes").toFile();
    mojo.outputDirectory = dir.resolve("target/baetyl").toFile();
    project.setFile(dir.resolve("pom.xml").toFile());
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/configured/pom.xml")
  void pomParametersBecomeThePlainConfiguration(PackageMojo mojo) throws Exception {
    relocate(mojo);

    PackageRequest request = mojo.request();

    assertThat(request.functions().serviceName()).isEqualTo("function-java-tools");
    assertThat(request.functions().functions()).containsExactly(
        new FunctionSpec("upper", "com.example.Upper", "var/db/baetyl/function-upper", 1, 4),
        new FunctionSpec("lower", "com.example.Lower::handle", "var/db/baetyl/lower-code", null, null));
    assertThat(request.functions().server()).isEqualTo(new ServerSpec("0.0.0.0:50051", 2, 16, 65536L, "5s"));
    assertThat(request.image().baseImage()).isEqualTo("tar:///tmp/does-not-matter.tar");
    assertThat(request.image().image()).isEqualTo("localhost:5000/tools:2.0");
    assertThat(request.image().target()).isEqualTo(TargetKind.REGISTRY);
    assertThat(request.image().tags()).containsExactly("latest", "stable");
    assertThat(request.image().credentials())
        .containsExactly(Map.entry("localhost:5000", new Credential("builder", "s3cret-pom", "<to><auth>")));
    assertThat(request.image().allowInsecureRegistries()).isTrue();
    assertThat(request.image().labels()).containsExactly(Map.entry("team", "edge"));
    assertThat(request.image().environment()).containsExactly(Map.entry("TZ", "UTC"));
    assertThat(request.image().jvmFlags()).containsExactly("-Xss256k", "-XX:+UseSerialGC");
    assertThat(request.image().platform()).isEqualTo("linux/arm64");
    assertThat(request.modulesCheck()).isEqualTo(ModulesCheck.FAIL);
    assertThat(request.image().toString()).doesNotContain("s3cret-pom");
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/configured/pom.xml")
  void sessionPropertiesOverrideNestedPomParametersLikeJib(PackageMojo mojo) throws Exception {
    relocate(mojo);
    session.getUserProperties().setProperty("baetyl.to.image", "localhost:5000/other:3");
    session.getUserProperties().setProperty("baetyl.from.image", "tar:///elsewhere.tar");
    session.getUserProperties().setProperty("baetyl.to.tags", "x,y");

    PackageRequest request = mojo.request();

    assertThat(request.image().image()).isEqualTo("localhost:5000/other:3");
    assertThat(request.image().imageOrigin()).isEqualTo("-Dbaetyl.to.image");
    assertThat(request.image().baseImage()).isEqualTo("tar:///elsewhere.tar");
    assertThat(request.image().tags()).containsExactly("x", "y");

    session.getUserProperties().setProperty("image", "localhost:5000/cli:4");
    assertThat(mojo.request().image().image()).isEqualTo("localhost:5000/cli:4");
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/minimal/pom.xml")
  void defaultsNameTheFunctionAfterTheArtifactAndBuildATar(PackageMojo mojo) throws Exception {
    relocate(mojo);
    mojo.from = new FromParameters();
    mojo.from.image = "tar:///base.tar";

    PackageRequest request = mojo.request();

    assertThat(request.functions().functions()).containsExactly(
        new FunctionSpec("sayhi", null, "var/db/baetyl/function-sayhi", null, null));
    assertThat(request.image().image()).isEqualTo("sayhi:1.0");
    assertThat(request.image().target()).isEqualTo(TargetKind.TAR);
    assertThat(request.image().tarFile()).isEqualTo(dir.resolve("target/baetyl/image.tar"));
    assertThat(request.modulesCheck()).isEqualTo(ModulesCheck.WARN);
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/minimal/pom.xml")
  void runtimeDependenciesAreSplitIntoReleaseSnapshotAndReactorLayers(PackageMojo mojo) throws Exception {
    relocate(mojo);
    mojo.from = new FromParameters();
    mojo.from.image = "tar:///base.tar";
    MavenProject sibling = new MavenProject();
    sibling.setGroupId("com.example");
    sibling.setArtifactId("shared");
    sibling.setVersion("1.0-SNAPSHOT");
    Mockito.doReturn(List.of(project, sibling)).when(session).getProjects();
    project.setArtifacts(new LinkedHashSet<>(List.of(
        artifact("org.yaml", "snakeyaml", "2.7", "compile"),
        artifact("com.other", "lib", "2.0-SNAPSHOT", "runtime"),
        artifact("com.example", "shared", "1.0-SNAPSHOT", "compile"),
        artifact("com.example", "api", "1.0", "provided"),
        artifact("org.junit", "junit", "5", "test"))));

    ProjectLayout layout = mojo.request().layout();

    assertThat(layout.releaseDependencies()).extracting(p -> p.getFileName().toString())
        .containsExactly("snakeyaml-2.7.jar");
    assertThat(layout.snapshotDependencies()).extracting(p -> p.getFileName().toString())
        .containsExactly("lib-2.0-SNAPSHOT.jar");
    assertThat(layout.reactorDependencies()).extracting(p -> p.getFileName().toString())
        .containsExactly("shared-1.0-SNAPSHOT.jar");
  }

  private Artifact artifact(String groupId, String artifactId, String version, String scope) throws Exception {
    DefaultArtifactHandler jarHandler = new DefaultArtifactHandler("jar");
    jarHandler.setAddedToClasspath(true);
    DefaultArtifact artifact = new DefaultArtifact(groupId, artifactId, version, scope, "jar", null, jarHandler);
    Path jar = dir.resolve("deps").resolve(artifactId + "-" + version + ".jar");
    Files.createDirectories(jar.getParent());
    artifact.setFile(Files.write(jar, new byte[] {1}).toFile());
    return artifact;
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/minimal/pom.xml")
  void executeWritesTheYamlFilesAndTheImageTar(PackageMojo mojo) throws Exception {
    relocate(mojo);
    SampleClasses.compile(dir.resolve("target/classes"),
        Map.of("com.example.SayHi", SampleClasses.sayHi("com.example", "SayHi")));
    mojo.from = new FromParameters();
    mojo.from.image = "tar://" + BaseImages.smallTar(dir.resolve("base"));

    mojo.execute();

    Path out = dir.resolve("target/baetyl");
    assertThat(Files.readString(out.resolve("service.yml"))).contains("""
        name: function-java-sayhi
        functions:
          - name: sayhi
            handler: com.example.SayHi
            codedir: var/db/baetyl/function-sayhi
        """);
    assertThat(Files.readString(out.resolve("application.yml"))).contains("image: sayhi:1.0", "replica: 0");
    assertThat(Files.readString(out.resolve("function-manager.yml"))).contains("service: function-java-sayhi");
    assertThat(out.resolve("image.tar")).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("image.digest"))).startsWith("sha256:");
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/minimal/pom.xml")
  void skipAndPomPackagingBuildNothing(PackageMojo mojo) throws Exception {
    relocate(mojo);
    mojo.skip = true;
    mojo.execute();
    mojo.skip = false;
    project.setPackaging("pom");
    mojo.execute();

    assertThat(new File(mojo.outputDirectory, "service.yml")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/minimal/pom.xml")
  void aWrongHandlerFailsTheBuildWithOneSentence(PackageMojo mojo) throws Exception {
    relocate(mojo);
    SampleClasses.compile(dir.resolve("target/classes"),
        Map.of("com.example.SayHi", SampleClasses.sayHi("com.example", "SayHi")));
    mojo.handler = "com.example.SayHello";
    mojo.from = new FromParameters();
    mojo.from.image = "tar:///never-read.tar";

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("function 'sayhi' handler 'com.example.SayHello': ");
    assertThat(List.of(dir.resolve("target/baetyl").toFile().list() == null ? new String[0]
        : dir.resolve("target/baetyl").toFile().list())).doesNotContain("image.tar");
  }
}
