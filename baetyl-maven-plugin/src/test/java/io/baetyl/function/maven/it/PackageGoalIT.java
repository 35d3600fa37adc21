package io.baetyl.function.maven.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.maven.testing.BaseImages;
import io.baetyl.function.testinfra.LocalRegistry;
import io.baetyl.function.testinfra.Skopeo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Maven builds of {@code src/it/sayhi} with this plugin, against a real {@code docker-registry} on a free
 * loopback port (started here, so its lifetime and port are the test's), read back with skopeo. The docker
 * target has its own class, {@link DockerTargetIT}, with a real Docker daemon.
 */
class PackageGoalIT {

  private static final String HANDLER_SOURCE = "src/main/java/com/example/SayHi.java";

  @TempDir
  static Path work;

  static String baseImage;

  @BeforeAll
  static void makeBaseImage() throws Exception {
    baseImage = "tar://" + BaseImages.smallTar(work.resolve("base"));
  }

  private static SampleBuild sayhi(String name) {
    return SampleBuild.copy("sayhi", name).property("baetyl.from.image", baseImage);
  }

  private static void assertSucceeded(SampleBuild.Result result) {
    assertThat(result.succeeded()).as("build log:\n%s", result.log()).isTrue();
  }

  /** The build failed and Maven's error line ends with our single sentence, nothing appended. */
  private static void assertFailedWith(SampleBuild.Result result, String message) {
    assertThat(result.succeeded()).as("the build should fail; log:\n%s", result.log()).isFalse();
    String errorLine = result.log().lines().filter(l -> l.startsWith("[ERROR] Failed to execute goal")).findFirst()
        .orElseThrow();
    assertThat(errorLine).contains(message).endsWith(". -> [Help 1]");
  }

  @Test
  void tarTargetIsADockerLoadTarThatSkopeoReads() {
    SampleBuild build = sayhi("tar-target");

    SampleBuild.Result result = build.run("package", "baetyl:package");

    assertSucceeded(result);
    String archive = "docker-archive:" + build.output("image.tar");
    Map<String, Object> config = Skopeo.create().inspectConfig(archive, false);
    assertThat(config.toString()).contains("Entrypoint=[/bin/true]");
    List<String> layers = Skopeo.create().layerDigests(archive, false);
    // base, dependencies (snakeyaml), resources, classes, config
    assertThat(layers).hasSize(5);
    assertThat(build.read("image.digest")).startsWith("sha256:");
    assertThat(build.read("image.json")).contains("\"image\"", build.read("image.digest"));
    assertThat(build.read("service.yml")).contains("handler: com.example.SayHi", "name: function-java-sayhi");
    assertThat(result.log()).contains("Built sayhi:1.0 with digest " + build.read("image.digest"));
  }

  /**
   * Without {@code <from><image>} the base is the runtime image artifact of the plugin's version, resolved from
   * the local repository; a small stand-in is installed under its coordinates so the test does not depend on
   * the runtime-image module having been built.
   */
  @Test
  void theDefaultBaseIsTheRuntimeImageArtifactOfThePluginsVersion() throws Exception {
    Path standIn = BaseImages.smallTar(work.resolve("runtime-image-stand-in"));
    SampleBuild.installIntoLocalRepository(standIn, "io.baetyl.function", "baetyl-function-runtime-image",
        SampleBuild.pluginVersion(), "image", "tar");
    SampleBuild build = SampleBuild.copy("sayhi", "default-base");

    SampleBuild.Result result = build.run("package", "baetyl:package");

    assertSucceeded(result);
    List<String> baseLayers = Skopeo.create().layerDigests("docker-archive:" + standIn, false);
    List<String> layers = Skopeo.create().layerDigests("docker-archive:" + build.output("image.tar"), false);
    assertThat(layers.subList(0, baseLayers.size())).isEqualTo(baseLayers);
    assertThat(layers).hasSize(baseLayers.size() + 4);
  }

  @Test
  void pushToAPlainHttpRegistryWithTheOptIn() {
    try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry-plain"))) {
      String image = registry.address() + "/sayhi:1.0";
      SampleBuild build = sayhi("push-plain").property("image", image)
          .property("baetyl.allowInsecureRegistries", "true");

      SampleBuild.Result result = build.run("package", "baetyl:package");

      assertSucceeded(result);
      assertThat(Skopeo.create().digest("docker://" + image, false)).isEqualTo(build.read("image.digest"));
      assertThat(result.log()).contains("Pushed " + image + " with digest " + build.read("image.digest"));
      assertThat(build.read("application.yml")).contains("image: " + image);
    }
  }

  @Test
  void aPlainHttpRegistryIsRefusedWithoutTheOptIn() {
    try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry-refused"))) {
      SampleBuild build = sayhi("push-refused").property("image", registry.address() + "/sayhi:1.0");

      SampleBuild.Result result = build.run("package", "baetyl:package");

      assertFailedWith(result, "Registry " + registry.address() + " offers no verified HTTPS connection");
    }
  }

  @Test
  void pushToATlsRegistryWithCredentialsFromSettingsXml() {
    try (LocalRegistry registry = LocalRegistry.startSecured(work.resolve("registry-tls"), "builder",
        "right-pass-7x")) {
      String image = registry.address() + "/team/sayhi:1.0";
      SampleBuild build = sayhi("push-tls").property("image", image)
          .server(registry.address(), "builder", "right-pass-7x")
          .mavenOpts(registry.trustStoreSystemProperties());

      SampleBuild.Result result = build.run("package", "baetyl:package");

      assertSucceeded(result);
      assertThat(Skopeo.forRegistry(registry).digest("docker://" + image, true))
          .isEqualTo(build.read("image.digest"));
      assertThat(result.log()).doesNotContain("right-pass-7x");
    }
  }

  @Test
  void aWrongPasswordFailsCleanlyWithoutShowingIt() {
    try (LocalRegistry registry = LocalRegistry.startSecured(work.resolve("registry-wrong"), "builder",
        "right-pass-7x")) {
      SampleBuild build = sayhi("push-wrong-password").property("image", registry.address() + "/sayhi:1.0")
          .server(registry.address(), "builder", "wrong-pass-9q")
          .mavenOpts(registry.trustStoreSystemProperties());

      SampleBuild.Result result = build.run("package", "baetyl:package");

      assertFailedWith(result, "Registry " + registry.address() + " rejected the credentials (HTTP 401) for image "
          + registry.address() + "/sayhi from settings.xml <server> " + registry.address()
          + ": check the user name and password there.");
      assertThat(result.log()).doesNotContain("wrong-pass-9q").doesNotContain("right-pass-7x");
    }
  }

  @Test
  void editingOneClassChangesExactlyOneLayer() {
    SampleBuild build = sayhi("one-layer");
    assertSucceeded(build.run("package", "baetyl:package"));
    String archive = "docker-archive:" + build.output("image.tar");
    List<String> before = Skopeo.create().layerDigests(archive, false);

    build.edit(HANDLER_SOURCE, "\"Hello Baetyl\"", "\"Hello again\"");
    assertSucceeded(build.run("package", "baetyl:package"));
    List<String> after = Skopeo.create().layerDigests(archive, false);

    List<String> added = new ArrayList<>(after);
    added.removeAll(before);
    assertThat(after).hasSameSizeAs(before);
    assertThat(added).hasSize(1);
    assertThat(after.indexOf(added.get(0))).as("the classes layer").isEqualTo(3);
  }

  @Test
  void twoCleanBuildsGiveTheSameDigest() {
    SampleBuild first = sayhi("reproducible-1");
    SampleBuild second = sayhi("reproducible-2");

    assertSucceeded(first.run("package", "baetyl:package"));
    assertSucceeded(second.run("package", "baetyl:package"));

    assertThat(second.read("image.digest")).isEqualTo(first.read("image.digest"));
  }

  @Test
  void aWrongHandlerFailsTheBuildWithItsMessage() {
    SampleBuild build = sayhi("wrong-handler").property("baetyl.handler", "com.example.SayHello");

    SampleBuild.Result result = build.run("package", "baetyl:package");

    assertFailedWith(result, "function 'sayhi' handler 'com.example.SayHello': ");
  }

  @Test
  void aDockerDaemonBaseWithoutADaemonFailsWithOneSentence() {
    String socket = "unix://" + work.resolve("no-daemon.sock").toAbsolutePath();
    SampleBuild build = sayhi("docker-base-no-daemon").property("baetyl.from.image", "docker://base:1")
        .environment(Map.of("DOCKER_HOST", socket));

    SampleBuild.Result result = build.run("package", "baetyl:package");

    assertFailedWith(result, "The base image docker://base:1 is read from the local Docker daemon, but none answers"
        + " at " + socket + ": start it (or point DOCKER_HOST at a running one), or use a registry or tar:// base"
        + " image.");
  }
}
