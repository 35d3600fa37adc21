package io.baetyl.function.maven.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageInputsTest {

  @Test
  void defaultImageIsFunctionNameAndVersionAndGoesToATar() throws Exception {
    ImageInputs inputs = new ImageInputs(Map.of());

    ImageInputs.Origin image = inputs.targetImage("sayhi", "1.0");

    assertThat(image.value()).isEqualTo("sayhi:1.0");
    assertThat(inputs.target(image)).isEqualTo(TargetKind.TAR);
  }

  @Test
  void imagePropertyBeatsBaetylToImageBeatsThePom() throws Exception {
    ImageInputs pomOnly = new ImageInputs(Map.of()).toImage("pom/image:1");
    ImageInputs withTo = new ImageInputs(Map.of("baetyl.to.image", "to/image:2")).toImage("pom/image:1");
    ImageInputs withBoth = new ImageInputs(Map.of("baetyl.to.image", "to/image:2", "image", "cli/image:3"))
        .toImage("pom/image:1");

    assertThat(pomOnly.targetImage("f", "1")).isEqualTo(new ImageInputs.Origin("pom/image:1", "<to><image>"));
    assertThat(withTo.targetImage("f", "1")).isEqualTo(new ImageInputs.Origin("to/image:2", "-Dbaetyl.to.image"));
    assertThat(withBoth.targetImage("f", "1")).isEqualTo(new ImageInputs.Origin("cli/image:3", "-Dimage"));
    assertThat(withBoth.target(withBoth.targetImage("f", "1"))).isEqualTo(TargetKind.REGISTRY);
  }

  @Test
  void explicitTargetWinsAndABadOneIsNamed() throws Exception {
    ImageInputs docker = new ImageInputs(Map.of()).toImage("a/b").target("Docker");
    assertThat(docker.target(docker.targetImage("f", "1"))).isEqualTo(TargetKind.DOCKER);

    ImageInputs bad = new ImageInputs(Map.of()).target("ftp");
    assertThatThrownBy(() -> bad.target(bad.targetImage("f", "1")))
        .hasMessage("<target> (-Dbaetyl.target) is 'ftp'; use registry, docker or tar.");
  }

  @Test
  void fromImagePropertyBeatsThePomAndTagsPropertyIsCommaSeparated() {
    ImageInputs inputs = new ImageInputs(Map.of("baetyl.from.image", "tar:///x.tar", "baetyl.to.tags", "a, b,,a"))
        .fromImage("base:1").toTags(List.of("pom"));

    assertThat(inputs.configuredBaseImage()).contains(new ImageInputs.Origin("tar:///x.tar", "-Dbaetyl.from.image"));
    assertThat(inputs.tags()).containsExactly("a", "b");
    assertThat(new ImageInputs(Map.of()).configuredBaseImage()).isEmpty();
  }

  @Test
  void labelAndEnvironmentPropertiesAddToAndOverrideThePom() {
    ImageInputs inputs = new ImageInputs(Map.of("baetyl.labels.team", "core", "baetyl.labels.tier", "edge",
        "baetyl.environment.TZ", "UTC"));

    assertThat(inputs.prefixed("baetyl.labels.", Map.of("team", "edge-pom", "owner", "x")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("team", "core", "tier", "edge", "owner", "x"));
    assertThat(inputs.prefixed("baetyl.environment.", null)).containsExactlyEntriesOf(Map.of("TZ", "UTC"));
  }

  @Test
  void theDefaultImageNameIsLowerCase() {
    assertThat(new ImageInputs(java.util.Map.of()).targetImage("SayHi", "1.0.0"))
        .isEqualTo(new ImageInputs.Origin("sayhi:1.0.0", null));
  }
}
