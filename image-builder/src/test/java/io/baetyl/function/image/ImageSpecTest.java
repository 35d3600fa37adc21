package io.baetyl.function.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageSpecTest {

  @Test
  void parsesTheThreeKinds() throws Exception {
    assertThat(ImageSpec.parse("localhost:5000/a/b:1").kind()).isEqualTo(ImageSpec.Kind.REGISTRY);
    assertThat(ImageSpec.parse("docker://b:1").reference()).contains("b:1");
    assertThat(ImageSpec.parse("tar:///abs/x.tar").tarFile()).contains(Path.of("/abs/x.tar"));
    assertThat(ImageSpec.parse("tar://rel/x.tar", Path.of("/base")).tarFile())
        .contains(Path.of("/base/rel/x.tar"));
    assertThat(ImageSpec.parse("scratch").kind()).isEqualTo(ImageSpec.Kind.SCRATCH);
  }

  @Test
  void rejectsAnInvalidReferenceNamingIt() {
    assertThatThrownBy(() -> ImageSpec.parse("docker://UPPER:1"))
        .isInstanceOf(ImageBuildException.class)
        .hasMessageContaining("'UPPER:1'");
  }
}
