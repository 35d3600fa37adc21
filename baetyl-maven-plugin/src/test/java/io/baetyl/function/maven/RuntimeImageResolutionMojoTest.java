package io.baetyl.function.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default base image: the runtime image artifact of the plugin's version, through Maven's resolver. */
@MojoTest(realRepositorySession = true)
class RuntimeImageResolutionMojoTest {

  @Inject
  MavenProject project;

  @Inject
  MavenSession session;

  @TempDir
  Path dir;

  @BeforeEach
  void offlineWithAnOwnLocalRepository() {
    project.setGroupId("com.example");
    project.setArtifactId("sayhi");
    project.setVersion("1.0");
    project.setFile(dir.resolve("pom.xml").toFile());
    // offline, so the test never leaves this machine; the local repository is the test's own
    session.getRequest().setOffline(true);
    session.getRequest().setLocalRepositoryPath(dir.resolve("repo").toFile());
  }

  private static void relocate(PackageMojo mojo, Path dir) {
    mojo.classesDirectory = dir.resolve("target/classes").toFile();
    mojo.outputDirectory = dir.resolve("target/baetyl").toFile();
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/minimal/pom.xml")
  void theInstalledRuntimeImageIsTheDefaultBase(PackageMojo mojo) throws Exception {
    relocate(mojo, dir);
    mojo.pluginVersion = "7.7.7";
    Path installed = dir.resolve("repo/io/baetyl/function/baetyl-function-runtime-image/7.7.7/"
        + "baetyl-function-runtime-image-7.7.7-image.tar");
    Files.createDirectories(installed.getParent());
    Files.writeString(installed, "a docker save tar would be here");

    assertThat(mojo.request().image().baseImage()).isEqualTo("tar://" + installed);
    assertThat(mojo.request().image().baseImageOrigin()).isEqualTo("the runtime image");
  }

  @Test
  @InjectMojo(goal = "package", pom = "classpath:/projects/minimal/pom.xml")
  void aRuntimeImageThatIsNotInstalledIsExplained(PackageMojo mojo) throws Exception {
    relocate(mojo, dir);
    mojo.pluginVersion = "0.0.0-not-installed";

    assertThatThrownBy(mojo::request).hasMessage("The runtime image io.baetyl.function:"
        + "baetyl-function-runtime-image:tar:image:0.0.0-not-installed is neither in the local Maven repository nor "
        + "in a remote one (Maven is offline); run ./mvnw install of the Baetyl Java toolchain, or set <from><image> "
        + "(-Dbaetyl.from.image) to a base image.");
  }
}
