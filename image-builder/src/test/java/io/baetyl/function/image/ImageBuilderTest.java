package io.baetyl.function.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {

  @TempDir Path tmp;

  private final ImageBuilder builder = new ImageBuilder();

  @Test
  void buildsTheSameDigestTwiceFromATarBase() throws Exception {
    Path base = buildBase();
    ImageBuildResult first = buildApp(base, "first", Instant.parse("2020-01-01T00:00:00Z"));
    ImageBuildResult second = buildApp(base, "second", Instant.parse("2024-06-01T12:00:00Z"));

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.imageId()).isEqualTo(first.imageId());
    assertThat(second.layerDigests()).isEqualTo(first.layerDigests()).hasSize(2);
    assertThat(first.digest()).startsWith("sha256:");
  }

  @Test
  void writesConfigurationAndSortedLayerWithFixedTimesAndModes() throws Exception {
    Path base = buildBase();
    ImageBuildResult result = buildApp(base, "config", Instant.now());
    DockerArchive archive = DockerArchive.read(tmp.resolve("config/app.tar"));

    assertThat(archive.repoTags()).contains("example/app:1.0", "example/app:latest");
    assertThat(archive.layerDigests()).isEqualTo(result.layerDigests());
    JsonNode config = archive.config();
    assertThat(config.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(config.path("config").path("Entrypoint").toString())
        .isEqualTo("[\"/bin/app\",\"--flag\"]");
    assertThat(config.path("config").path("Env").toString()).contains("A=1", "BASE=yes");
    assertThat(config.path("config").path("User").asText()).isEqualTo("65532");
    assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/");
    assertThat(config.path("config").path("Labels").path("org.example").asText()).isEqualTo("x");

    List<TarArchiveEntry> entries = layerEntries(tmp.resolve("config/app.tar"),
        archive.layerFiles().get(1));
    List<String> names = new ArrayList<>();
    entries.forEach(entry -> names.add(entry.getName()));
    assertThat(names).containsSubsequence("app/", "app/bin/", "app/bin/run", "app/data.txt");
    TarArchiveEntry run = entries.stream().filter(e -> e.getName().equals("app/bin/run"))
        .findFirst().orElseThrow();
    assertThat(run.getMode() & 0777).isEqualTo(0755);
    assertThat(run.getModTime().toInstant()).isEqualTo(Instant.ofEpochSecond(1));
    assertThat(run.getLongUserId()).isZero();
  }

  @Test
  void reportsProgressToTheListener() throws Exception {
    Path base = buildBase();
    List<String> lines = new CopyOnWriteArrayList<>();
    builder.build(appRequest(base, "progress").progressListener(lines::add).build());
    assertThat(lines).anyMatch(line -> line.startsWith("Building image"));
    assertThat(lines).anyMatch(line -> line.startsWith("Progress: "));
    // the result line is the caller's to log: the builder reports it at debug only
    assertThat(lines).noneMatch(line -> line.startsWith("Built image"));
  }

  @Test
  void logsTheResultAtDebugThroughTheLogListener() throws Exception {
    Path base = buildBase();
    List<String> lines = new CopyOnWriteArrayList<>();
    builder.build(appRequest(base, "levels")
        .logListener((level, message) -> lines.add(level + " " + message)).build());
    assertThat(lines).anyMatch(line -> line.startsWith("DEBUG Built image example/app:1.0 with digest"));
    // jib's ~2 kB echo of the entrypoint is debug, not info
    assertThat(lines).anyMatch(line -> line.startsWith("DEBUG Container entrypoint set to"))
        .noneMatch(line -> line.startsWith("INFO Container entrypoint set to"));
  }

  @Test
  void jibsRetryChatterAndExceptionNamesGoToDebug() {
    List<String> lines = new ArrayList<>();
    var forward = ImageBuilder.logForwarder((level, message) -> lines.add(level + " " + message));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.info(
        "GET https://127.0.0.1:1/v2/ failed and will be retried"));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.error(
        "org.apache.http.conn.HttpHostConnectException: Connect to 127.0.0.1:1 failed"));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.warn("Base image uses a deprecated format"));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.lifecycle("Using base image"));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.progress("Pulling"));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.lifecycle(""));
    assertThat(lines).containsExactly(
        "DEBUG GET https://127.0.0.1:1/v2/ failed and will be retried",
        "DEBUG org.apache.http.conn.HttpHostConnectException: Connect to 127.0.0.1:1 failed",
        "WARN Base image uses a deprecated format",
        "INFO Using base image",
        "DEBUG Pulling",
        "DEBUG ");
  }

  @Test
  void jibsWarningRepeatedForEveryBlobOfARegistryIsShownOnce() {
    List<String> lines = new ArrayList<>();
    var forward = ImageBuilder.logForwarder((level, message) -> lines.add(level + " " + message));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.warn("Cannot verify server at"
        + " https://127.0.0.1:5000/v2/app/blobs/sha256:aa. Attempting again with no TLS verification."));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.warn("Cannot verify server at"
        + " https://127.0.0.1:5000/v2/app/blobs/sha256:bb. Attempting again with no TLS verification."));
    forward.accept(com.google.cloud.tools.jib.api.LogEvent.warn("Cannot verify server at"
        + " https://127.0.0.1:6000/v2/app/blobs/sha256:aa. Attempting again with no TLS verification."));

    assertThat(lines).extracting(line -> line.substring(0, line.indexOf(' ')))
        .containsExactly("WARN", "DEBUG", "WARN");
  }

  @Test
  void aPlatformTheBaseImageLacksIsNamed() throws Exception {
    Path base = buildBase();
    assertThatThrownBy(() -> builder.build(appRequest(base, "arm").platform("linux/arm64").build()))
        .isInstanceOf(ImageBuildException.class)
        .hasMessage("The platform linux/arm64 is not the platform linux/amd64 of the base image tar://" + base
            + ": use a base image built for linux/arm64, or the platform linux/amd64.");
  }

  @Test
  void missingTarBaseNamesTheFile() {
    Path missing = tmp.resolve("nope/base.tar");
    ImageBuildRequest request = ImageBuildRequest.builder()
        .from("tar://" + missing)
        .to(ImageTarget.tar("example/app:1.0", tmp.resolve("out.tar")))
        .build();
    assertThatThrownBy(() -> builder.build(request))
        .isInstanceOf(ImageBuildException.class)
        .hasMessage("The base image tar file " + missing + " does not exist.");
  }

  @Test
  void notADockerTarBaseNamesTheFile() throws Exception {
    Path bogus = Files.writeString(tmp.resolve("bogus.tar"), "not a tar");
    ImageBuildRequest request = ImageBuildRequest.builder()
        .from("tar://" + bogus)
        .to(ImageTarget.tar("example/app:1.0", tmp.resolve("out.tar")))
        .baseImageCache(tmp.resolve("cache"))
        .build();
    assertThatThrownBy(() -> builder.build(request))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageContaining(bogus.toString());
  }

  @Test
  void invalidTargetReferenceIsNamed() {
    ImageBuildRequest request = ImageBuildRequest.builder()
        .to(ImageTarget.tar("Example/App:1.0", tmp.resolve("out.tar")))
        .build();
    assertThatThrownBy(() -> builder.build(request))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageStartingWith("The target image has an invalid image reference 'Example/App:1.0'");
  }

  @Test
  void invalidBaseReferenceIsNamed() {
    ImageBuildRequest request = ImageBuildRequest.builder()
        .from("registry.example.com/Bad Name:1")
        .to(ImageTarget.tar("example/app:1.0", tmp.resolve("out.tar")))
        .build();
    assertThatThrownBy(() -> builder.build(request))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageContaining("'registry.example.com/Bad Name:1'");
  }

  @Test
  void missingLayerFileIsNamed() {
    Path missing = tmp.resolve("missing.jar");
    ImageBuildRequest request = ImageBuildRequest.builder()
        .to(ImageTarget.tar("example/app:1.0", tmp.resolve("out.tar")))
        .addLayer(LayerSpec.builder("libs").addFile(missing, "/opt/lib/missing.jar").build())
        .build();
    assertThatThrownBy(() -> builder.build(request))
        .isInstanceOf(ImageBuildException.class)
        .hasMessage("The file " + missing + " for /opt/lib/missing.jar in layer 'libs' does not exist.");
  }

  @Test
  void unreachableRegistryFailsAtOnceNamedWithoutThePassword() {
    for (boolean insecure : new boolean[] {false, true}) {
      List<String> lines = new CopyOnWriteArrayList<>();
      ImageBuildRequest request = ImageBuildRequest.builder()
          .to(ImageTarget.registry("127.0.0.1:1/example/app:1.0"))
          .registryAuth(RegistryAuth.builder()
              .credentials("127.0.0.1:1", "user", "s3cr3t-pass")
              .useDockerConfig(false)
              .allowInsecureRegistries(insecure)
              .build())
          .progressListener(lines::add)
          .applicationLayersCache(tmp.resolve("app-cache"))
          .baseImageCache(tmp.resolve("base-cache"))
          .build();
      long start = System.nanoTime();
      assertThatThrownBy(() -> builder.build(request))
          .isInstanceOf(ImageBuildException.class)
          .hasMessage("Cannot connect to registry 127.0.0.1:1 (connection refused): check that it runs"
              + " and the image reference names it.");
      // the probe answers at once instead of jib's minute of retries
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(
          java.time.Duration.ofSeconds(10));
      assertThat(lines).noneMatch(line -> line.contains("retried") || line.startsWith("ERROR"));
    }
  }

  /** A one-layer base image in a tar, built from scratch. */
  private Path buildBase() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("base-src/etc"));
    Path file = Files.writeString(dir.resolve("os-release"), "ID=test\n");
    Path tar = tmp.resolve("base.tar");
    if (!Files.exists(tar)) {
      builder.build(ImageBuildRequest.builder()
          .to(ImageTarget.tar("example/base:1", tar))
          .addLayer(LayerSpec.builder("os").addFile(file, "/etc/os-release").build())
          .environmentVariable("BASE", "yes")
          .applicationLayersCache(tmp.resolve("base-app-cache"))
          .build());
    }
    return tar;
  }

  private ImageBuildResult buildApp(Path base, String name, Instant sourceTimes) throws Exception {
    return builder.build(appRequest(base, name, sourceTimes).build());
  }

  private ImageBuildRequest.Builder appRequest(Path base, String name) throws IOException {
    return appRequest(base, name, Instant.now());
  }

  private ImageBuildRequest.Builder appRequest(Path base, String name, Instant sourceTimes)
      throws IOException {
    Path src = Files.createDirectories(tmp.resolve(name + "-src/app/bin"));
    Path run = Files.writeString(src.resolve("run"), "#!/bin/true\n");
    run.toFile().setExecutable(true);
    Path data = Files.writeString(src.getParent().resolve("data.txt"), "data",
        StandardCharsets.UTF_8);
    for (Path p : List.of(run, data, src, src.getParent())) {
      Files.setLastModifiedTime(p, FileTime.from(sourceTimes));
    }
    return ImageBuildRequest.builder()
        .from("tar://" + base)
        .to(ImageTarget.tar("example/app:1.0", tmp.resolve(name + "/app.tar")))
        .additionalTag("latest")
        .addLayer(LayerSpec.builder("app").addTree(src.getParent(), "/app").build())
        .entrypoint("/bin/app", "--flag")
        .environmentVariable("A", "1")
        .label("org.example", "x")
        .user("65532")
        .workingDirectory("/")
        .baseImageCache(tmp.resolve(name + "-base-cache"))
        .applicationLayersCache(tmp.resolve(name + "-app-cache"));
  }

  private static List<TarArchiveEntry> layerEntries(Path imageTar, String layerFile)
      throws IOException {
    try (InputStream in = Files.newInputStream(imageTar);
        TarArchiveInputStream outer = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = outer.getNextEntry()) != null) {
        if (entry.getName().equals(layerFile)) {
          byte[] layer = outer.readAllBytes();
          List<TarArchiveEntry> entries = new ArrayList<>();
          try (TarArchiveInputStream inner = new TarArchiveInputStream(
              new GZIPInputStream(new java.io.ByteArrayInputStream(layer)))) {
            TarArchiveEntry e;
            while ((e = inner.getNextEntry()) != null) {
              entries.add(e);
            }
          }
          return entries;
        }
      }
    }
    throw new AssertionError("no layer " + layerFile + " in " + imageTar);
  }
}
