package io.baetyl.function.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciBundlesTest {

    @TempDir
    Path work;

    @Test
    void runsAnImagePulledFromTheRegistry() {
        Path layout = TestImages.busyboxImage(work);
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            String ref = registry.address() + "/test/busybox:1";
            Skopeo.create().copy(TestImages.oci(layout), "docker://" + ref, false);

            Path bundle = OciBundles.fromRegistry(ref, work.resolve("pulled"));

            try (RuncContainer container = RuncContainer.builder(bundle)
                .args("/bin/sh", "-c", "echo $IMAGE_VAR $EXTRA").env("EXTRA", "added").start()) {
                assertThat(container.waitForExit(Duration.ofSeconds(20))).isZero();
                assertThat(container.stdout()).isEqualTo("from-image added\n");
            }
        }
    }

    @Test
    void unpacksADockerArchive() {
        Path layout = TestImages.busyboxImage(work);
        Path tar = work.resolve("image.tar");
        Skopeo.create().copy(TestImages.oci(layout), "docker-archive:" + tar + ":test/busybox:1", false);

        Path bundle = OciBundles.fromDockerArchive(tar, work.resolve("from-tar"));

        assertThat(bundle.resolve("config.json")).isRegularFile();
        assertThat(bundle.resolve("rootfs/bin/busybox")).isRegularFile();
    }
}
