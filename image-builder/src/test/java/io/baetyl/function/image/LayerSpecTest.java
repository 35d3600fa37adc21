package io.baetyl.function.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LayerSpecTest {

  @Test
  void sortsEntriesByImagePath() {
    LayerSpec layer = LayerSpec.builder("libs")
        .addFile(Path.of("b.jar"), "/opt/lib/b.jar")
        .addFile(Path.of("a.jar"), "/opt/lib/a.jar")
        .add(Path.of("run"), "/opt/bin/run", 0755)
        .build();
    assertThat(layer.entries()).extracting(LayerSpec.Entry::imagePath)
        .containsExactly("/opt/bin/run", "/opt/lib/a.jar", "/opt/lib/b.jar");
    assertThat(layer.entries().get(0).mode()).isEqualTo(0755);
  }

  @Test
  void rejectsTwoFilesAtOnePath() {
    assertThatThrownBy(() -> LayerSpec.builder("libs")
        .addFile(Path.of("x/a.jar"), "/opt/lib/a.jar")
        .addFile(Path.of("y/a.jar"), "/opt/lib/a.jar")
        .build())
        .hasMessageContaining("/opt/lib/a.jar");
  }

  @Test
  void rejectsRelativeImagePath() {
    assertThatThrownBy(() -> LayerSpec.builder("libs").addFile(Path.of("a.jar"), "opt/a.jar"))
        .hasMessageContaining("'opt/a.jar' is not absolute");
  }
}
