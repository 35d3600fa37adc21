package io.baetyl.function.runtimeimage;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.image.DockerArchive;
import io.baetyl.function.image.ImageBuilder;
import io.baetyl.function.image.ImageTarget;
import io.baetyl.function.image.runtime.RuntimeImageBuilder;
import io.baetyl.function.image.runtime.RuntimeImageRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second build of the same input gives the same layers; only the CDS archive may differ. */
class RuntimeImageReproducibilityIT {

  private static final int CDS_LAYER = 3;

  @Test
  void aSecondBuildDiffersOnlyInTheCdsLayer(@TempDir Path work) throws Exception {
    Path runtimeJar = Path.of(System.getProperty("baetyl.runtimeImage.runtimeJar"));
    List<Path> dependencies = new ArrayList<>();
    for (String entry : Files.readString(
        Path.of(System.getProperty("baetyl.runtimeImage.classpathFile")), StandardCharsets.UTF_8)
        .strip().split(":")) {
      if (!Path.of(entry).getFileName().equals(runtimeJar.getFileName())) {
        dependencies.add(Path.of(entry));
      }
    }
    Path secondTar = work.resolve("second.tar");
    new RuntimeImageBuilder(new ImageBuilder()).build(RuntimeImageRequest.builder()
        .runtimeJar(runtimeJar)
        .dependencyJars(dependencies)
        .target(ImageTarget.tar(System.getProperty("baetyl.runtimeImage.name"), secondTar))
        .jreCache(Path.of(System.getProperty("baetyl.runtimeImage.jreCache")))
        .workDirectory(work.resolve("work"))
        .label("org.opencontainers.image.title", "baetyl-function-runtime")
        .label("org.opencontainers.image.version", runtimeJar.getFileName().toString()
            .replace("baetyl-function-runtime-", "").replace(".jar", ""))
        .build());

    DockerArchive first = DockerArchive.read(
        Path.of(System.getProperty("baetyl.runtimeImage.tar")));
    DockerArchive second = DockerArchive.read(secondTar);
    assertThat(second.layerDigests()).hasSize(5);
    for (int i = 0; i < 5; i++) {
      if (i != CDS_LAYER) {
        assertThat(second.layerDigests().get(i)).as("layer %d", i)
            .isEqualTo(first.layerDigests().get(i));
      }
    }
    assertThat(second.config().path("config").toString())
        .isEqualTo(first.config().path("config").toString());
  }
}
