package io.baetyl.function.maven.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.maven.testing.BaseImages;
import io.baetyl.function.testinfra.LocalDockerDaemon;
import io.baetyl.function.testinfra.Skopeo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Maven builds of {@code src/it/sayhi} with {@code -Dbaetyl.target=docker} against a real Docker daemon:
 * Debian's dockerd on a private unix socket, started once for the class by test-infra's
 * {@link LocalDockerDaemon}. The build gets DOCKER_HOST in its environment (jib hands it on to the
 * {@code docker} client it runs) and {@code -Dbaetyl.dockerExecutable=/usr/bin/docker}; the loaded image is read
 * back with {@code docker image inspect}.
 */
class DockerTargetIT {

  private static final String IMAGE = "baetyl-it/sayhi:1.0";

  @TempDir
  static Path work;

  static Path baseTar;
  static LocalDockerDaemon daemon;

  @BeforeAll
  static void startDaemonAndMakeBaseImage() throws Exception {
    baseTar = BaseImages.smallTarWithUser(work.resolve("base"), "1000:1000");
    daemon = LocalDockerDaemon.start(work.resolve("dockerd"));
  }

  @AfterAll
  static void stopDaemon() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static SampleBuild dockerBuild(String name) {
    return SampleBuild.copy("sayhi", name).property("baetyl.from.image", "tar://" + baseTar)
        .property("baetyl.target", "docker")
        .property("baetyl.dockerExecutable", daemon.dockerExecutable().toString())
        .environment(daemon.environment());
  }

  @Test
  @SuppressWarnings("unchecked")
  void dockerTargetLoadsTheImageIntoTheDaemon() {
    SampleBuild build = dockerBuild("docker-target").property("image", IMAGE);

    SampleBuild.Result result = build.run("package", "baetyl:package");

    assertThat(result.succeeded()).as("build log:\n%s", result.log()).isTrue();
    assertThat(daemon.images()).containsExactly(IMAGE);
    assertThat(daemon.imageId(IMAGE)).isEqualTo(build.read("image.id"));
    Map<String, Object> config = daemon.imageConfig(IMAGE);
    assertThat(config.get("Entrypoint")).as("inherited from the base").isEqualTo(List.of("/bin/true"));
    assertThat(config.get("User")).as("inherited from the base").isEqualTo("1000:1000");
    // base, dependencies (snakeyaml), resources, classes, config
    List<String> layers = daemon.layers(IMAGE);
    Map<String, Object> baseRootFs = (Map<String, Object>) Skopeo.create()
        .inspectConfig("docker-archive:" + baseTar, false).get("rootfs");
    assertThat(layers).hasSize(5).startsWith(((List<String>) baseRootFs.get("diff_ids")).get(0));
    assertThat(result.log()).contains("Built " + IMAGE + " with digest " + build.read("image.digest"));
  }

  @Test
  void aDockerBaseImageTheDaemonDoesNotHaveIsNamed() {
    SampleBuild build = SampleBuild.copy("sayhi", "docker-base-absent")
        .property("baetyl.from.image", "docker://absent/base:1")
        .environment(daemon.environment());

    SampleBuild.Result result = build.run("package", "baetyl:package");

    assertThat(result.succeeded()).as("build log:\n%s", result.log()).isFalse();
    assertThat(result.log()).contains("The base image docker://absent/base:1 is not in the local Docker daemon:"
        + " pull or build it there first (docker pull absent/base:1), or use a registry or tar:// base image.");
  }

  /** The real client, pointed at a socket where no daemon listens. */
  @Test
  void aDaemonThatIsNotRunningFailsTheBuildWithOneSentence() {
    String noDaemon = "unix://" + work.resolve("no-daemon/docker.sock");
    SampleBuild build = dockerBuild("docker-down").environment(Map.of("DOCKER_HOST", noDaemon));

    SampleBuild.Result result = build.run("package", "baetyl:package");

    assertThat(result.succeeded()).as("the build should fail; log:\n%s", result.log()).isFalse();
    String errorLine = result.log().lines().filter(l -> l.startsWith("[ERROR] Failed to execute goal"))
        .findFirst().orElseThrow();
    // names the image and the socket, on Maven's error line alone, without a stack trace or cause appended
    assertThat(errorLine).endsWith(": Cannot connect to the Docker daemon at " + noDaemon
        + " to load image sayhi:1.0: start it, or point DOCKER_HOST at a running one. -> [Help 1]");
    assertThat(result.log()).doesNotContain("Caused by", "\tat com.google.cloud.tools.jib");
    assertThat(daemon.images()).as("the running daemon was not used").doesNotContain("sayhi:1.0");
  }
}
