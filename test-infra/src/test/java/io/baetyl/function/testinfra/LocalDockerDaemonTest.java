package io.baetyl.function.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDockerDaemonTest {

    @TempDir
    Path work;

    @Test
    @SuppressWarnings("unchecked")
    void loadsADockerArchiveAndRemovesItsRootsWhenClosed() throws Exception {
        Path layout = TestImages.oneFileImage(work, "hello from the daemon");
        Umoci.config(layout, TestImages.TAG, "--config.entrypoint=/hello.txt", "--config.user=1000:1000");
        Path archive = work.resolve("hello.tar");
        Skopeo.create().copy(TestImages.oci(layout), "docker-archive:" + archive + ":test/hello:1", false);
        Map<String, Object> archiveConfig = Skopeo.create().inspectConfig("docker-archive:" + archive, false);
        List<String> diffIds = (List<String>) ((Map<String, Object>) archiveConfig.get("rootfs")).get("diff_ids");

        LocalDockerDaemon daemon = LocalDockerDaemon.start(work.resolve("daemon"));
        Path socket = daemon.socket();
        try (daemon) {
            assertThat(daemon.host()).startsWith("unix:///tmp/").endsWith("/docker.sock");
            assertThat(daemon.host().length()).isLessThan(108);
            assertThat(daemon.environment()).containsEntry("DOCKER_HOST", daemon.host());
            assertThat(daemon.dockerExecutable()).isEqualTo(Path.of("/usr/bin/docker"));
            assertThat(daemon.images()).isEmpty();

            assertThat(daemon.load(archive)).contains("Loaded image: test/hello:1");

            assertThat(daemon.hasImage("test/hello:1")).isTrue();
            assertThat(daemon.hasImage("test/absent:1")).isFalse();
            assertThat(daemon.images()).containsExactly("test/hello:1");
            assertThat(daemon.layers("test/hello:1")).isEqualTo(diffIds);
            assertThat(daemon.imageConfig("test/hello:1"))
                .containsEntry("Entrypoint", List.of("/hello.txt"))
                .containsEntry("User", "1000:1000");
            assertThat(daemon.imageId("test/hello:1")).matches("sha256:[0-9a-f]{64}");
            // the plain client reaches the daemon through environment() alone
            ProcessResult viaEnvironment = Processes.command(daemon.dockerExecutable().toString(), "images", "-q")
                .env("DOCKER_HOST", daemon.environment().get("DOCKER_HOST"))
                .timeout(Duration.ofSeconds(30)).check();
            assertThat("sha256:" + viaEnvironment.stdout().trim())
                .startsWith(daemon.imageId("test/hello:1").substring(0, 19));
        }

        assertThat(daemon.ping()).isFalse();
        assertThat(socket.getParent()).doesNotExist();
        assertThat(work.resolve("daemon/docker-data")).doesNotExist();
        assertThat(Files.readString(daemon.log())).contains("Daemon has completed initialization");
    }

    @Test
    void aDaemonThatDiedFailsCloseWithItsLogAndStillLosesItsRoots() throws Exception {
        LocalDockerDaemon daemon = LocalDockerDaemon.start(work.resolve("dying"));
        Path socket = daemon.socket();
        ProcessHandle dockerd = ProcessHandle.of(daemon.pid()).orElseThrow();
        List<ProcessHandle> containerd = dockerd.descendants().toList();
        assertThat(containerd).as("dockerd runs its own containerd").isNotEmpty();

        dockerd.destroyForcibly();
        dockerd.onExit().get(10, TimeUnit.SECONDS);

        assertThatThrownBy(daemon::close).isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("dockerd on " + daemon.host() + " exited with 137 while the test ran")
            .hasMessageContaining("Daemon has completed initialization");
        assertThat(containerd).noneMatch(ProcessHandle::isAlive);
        assertThat(socket.getParent()).doesNotExist();
        assertThat(work.resolve("dying/docker-data")).doesNotExist();
    }
}
