package io.baetyl.function.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryAuthTest {

  @Test
  void defaultsUseDockerConfigAndHelpersAndRefuseInsecureRegistries() {
    RegistryAuth auth = RegistryAuth.defaults();
    assertThat(auth.useDockerConfig()).isTrue();
    assertThat(auth.useCredentialHelpers()).isTrue();
    assertThat(auth.allowInsecureRegistries()).isFalse();
    assertThat(auth.offline()).isFalse();
  }

  @Test
  void toStringNeverShowsThePassword() {
    RegistryAuth auth = RegistryAuth.builder().credentials("r.example.com", "me", "hunter2").build();
    assertThat(auth.toString()).contains("me").doesNotContain("hunter2");
    assertThat(auth.credentialsFor("r.example.com").orElseThrow().password()).isEqualTo("hunter2");
  }
}
