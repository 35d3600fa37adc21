package io.baetyl.function.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistryTest {

    @TempDir
    Path work;

    @Test
    void servesV2OnALoopbackPortUntilClosed() throws Exception {
        LocalRegistry registry = LocalRegistry.start(work.resolve("registry"));
        try (registry) {
            assertThat(registry.address()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(registry.status("/v2/", null, null)).isEqualTo(200);
        }

        assertThatThrownBy(() -> registry.status("/v2/", null, null)).isInstanceOf(ConnectException.class);
    }

    @Test
    void storesAPushedImageWithItsLayers() throws Exception {
        Path layout = TestImages.oneFileImage(work, "hello");
        Skopeo skopeo = Skopeo.create();

        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            String ref = "docker://" + registry.address() + "/test/hello:1";
            skopeo.copy(TestImages.oci(layout), ref, false);

            Map<String, Object> inspected = skopeo.inspect(ref, false);
            List<String> layers = skopeo.layerDigests(ref, false);
            assertThat(inspected.get("Digest")).isEqualTo(skopeo.digest(TestImages.oci(layout), false));
            assertThat(layers).hasSize(1).isEqualTo(skopeo.layerDigests(TestImages.oci(layout), false));
            assertThat(skopeo.inspectConfig(ref, false)).containsKey("rootfs");
        }
    }

    @Test
    void securedRegistryRefusesAWrongPasswordAndAcceptsTheRightOneOverTls() throws Exception {
        Path layout = TestImages.oneFileImage(work, "secret layer");

        try (LocalRegistry registry = LocalRegistry.startSecured(work.resolve("secured"), "tester", "s3cret!")) {
            assertThat(registry.baseUrl()).startsWith("https://");
            assertThat(registry.status("/v2/", null, null)).isEqualTo(401);
            assertThat(registry.status("/v2/", "tester", "wrong")).isEqualTo(401);
            assertThat(registry.status("/v2/", "tester", "s3cret!")).isEqualTo(200);

            String ref = "docker://" + registry.address() + "/test/secret:1";
            Skopeo authorised = Skopeo.forRegistry(registry);
            authorised.copy(TestImages.oci(layout), ref, true);
            assertThat(authorised.layerDigests(ref, true))
                .isEqualTo(authorised.layerDigests(TestImages.oci(layout), false));

            ProcessResult anonymous = Skopeo.create().withCertDir(registry.certDir()).tryInspect(ref, true);
            assertThat(anonymous.exitCode()).isNotZero();
            assertThat(anonymous.stderr()).containsIgnoringCase("unauthorized");
            ProcessResult untrusted = Skopeo.create().withAuthFile(registry.authFile()).tryInspect(ref, true);
            assertThat(untrusted.exitCode()).isNotZero();
            assertThat(untrusted.stderr()).contains("certificate");
        }
    }

    @Test
    void securedRegistryExposesATrustStoreForJavaBuilds() {
        try (LocalRegistry registry = LocalRegistry.startSecured(work.resolve("secured"), "tester", "pw")) {
            assertThat(registry.certificatePem()).isRegularFile();
            assertThat(registry.trustStore()).isRegularFile();
            assertThat(registry.trustStoreSystemProperties())
                .contains("-Djavax.net.ssl.trustStore=" + registry.trustStore().toAbsolutePath());
        }
    }

    @Test
    void plainRegistryHasNoCertificate() {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("plain"))) {
            assertThatThrownBy(registry::certificatePem).hasMessageContaining("use startSecured");
        }
    }
}
