package io.baetyl.function.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baetyl.function.testinfra.LocalRegistry;
import io.baetyl.function.testinfra.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a real docker-registry on 127.0.0.1. */
class RegistryPushTest {

  @TempDir Path tmp;

  private final ImageBuilder builder = new ImageBuilder();

  @Test
  void pushesToAPlainHttpRegistryOnlyWhenInsecureRegistriesAreAllowed() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      String reference = registry.address() + "/baetyl/app:1.0";
      assertThatThrownBy(() -> builder.build(request(reference, RegistryAuth.builder()
              .useDockerConfig(false).build())))
          .isInstanceOf(ImageBuildException.class)
          .hasMessageStartingWith("Registry " + registry.address() + " offers no verified HTTPS")
          .hasMessageEndingWith("trust its certificate or opt in with the allow-insecure-registries option.");

      ImageBuildResult result = builder.build(request(reference, RegistryAuth.builder()
          .useDockerConfig(false).allowInsecureRegistries(true).build()));

      assertThat(result.pushed()).isTrue();
      assertThat(result.digest()).isEqualTo(Skopeo.create().digest("docker://" + reference, false));
      assertThat(result.layerDigests())
          .isEqualTo(Skopeo.create().layerDigests("docker://" + reference, false))
          .hasSize(1);
    }
  }

  @Test
  void untrustedCertificateAndWrongPasswordAreNamedWithoutThePassword() throws Exception {
    try (LocalRegistry registry = LocalRegistry.startSecured(tmp.resolve("registry"), "baetyl",
        "right-password")) {
      String reference = registry.address() + "/baetyl/app:1.0";
      RegistryAuth wrong = RegistryAuth.builder()
          .credentials(registry.address(), "baetyl", "wrong-password-123", "the build's <auth>")
          .useDockerConfig(false)
          .allowInsecureRegistries(true)
          .build();
      assertThatThrownBy(() -> builder.build(request(reference, wrong)))
          .isInstanceOf(ImageBuildException.class)
          .hasMessage("Registry " + registry.address() + " rejected the credentials (HTTP 401) for image "
              + registry.address() + "/baetyl/app from the build's <auth>: check the user name and password there.")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password-123"));

      RegistryAuth verified = wrong.toBuilder().allowInsecureRegistries(false).build();
      assertThatThrownBy(() -> builder.build(request(reference, verified)))
          .isInstanceOf(ImageBuildException.class)
          .hasMessageStartingWith("Registry " + registry.address()
              + " offers no verified HTTPS connection (plain HTTP or an untrusted certificate");

      RegistryAuth right = wrong.toBuilder()
          .credentials(registry.address(), "baetyl", "right-password").build();
      assertThat(builder.build(request(reference, right)).pushed()).isTrue();
    }
  }

  @Test
  void aRegistryThatWantsCredentialsAndGotNoneSaysHowToGiveThem() throws Exception {
    try (LocalRegistry registry = LocalRegistry.startSecured(tmp.resolve("registry"), "baetyl", "secret")) {
      String reference = registry.address() + "/baetyl/app:1.0";
      RegistryAuth none = RegistryAuth.builder()
          .useDockerConfig(false)
          .allowInsecureRegistries(true)
          .credentialsHelp("a <server> in settings.xml")
          .build();

      assertThatThrownBy(() -> builder.build(request(reference, none)))
          .isInstanceOf(ImageBuildException.class)
          .hasMessage("Registry " + registry.address() + " requires authentication (HTTP 401) for image "
              + registry.address() + "/baetyl/app and no credentials for it were found or accepted: give them with a <server> in"
              + " settings.xml.");
    }
  }

  private ImageBuildRequest request(String reference, RegistryAuth auth) throws Exception {
    Path file = Files.writeString(tmp.resolve("hello.txt"), "hello");
    return ImageBuildRequest.builder()
        .to(ImageTarget.registry(reference))
        .addLayer(LayerSpec.builder("files").addFile(file, "/hello.txt").build())
        .registryAuth(auth)
        .baseImageCache(tmp.resolve("base-cache"))
        .applicationLayersCache(tmp.resolve("app-cache"))
        .build();
  }
}
