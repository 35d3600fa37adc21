package io.baetyl.function.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncContainerTest {

    private static final Duration EXIT = Duration.ofSeconds(20);

    @TempDir
    static Path shared;

    private static Path bundle;

    @TempDir
    Path work;

    @BeforeAll
    static void createBundle() {
        bundle = BusyboxBundle.create(shared.resolve("bundle"));
    }

    private RuncContainer.Builder container(String script) {
        return RuncContainer.builder(bundle).workDir(work).args("/bin/sh", "-c", script);
    }

    @Test
    void returnsTheExitCodeAndOutput() {
        try (RuncContainer container = container("echo hello; echo oops >&2; exit 3").start()) {
            assertThat(container.waitForExit(EXIT)).isEqualTo(3);
            assertThat(container.stdout()).isEqualTo("hello\n");
            assertThat(container.stderr()).contains("oops");
        }
    }

    @Test
    void addsEnvironmentVariablesToTheImages() {
        try (RuncContainer container = container("env").env("BAETYL_TEST", "yes").start()) {
            assertThat(container.waitForExit(EXIT)).isZero();
            assertThat(container.stdout()).contains("BAETYL_TEST=yes").contains("PATH=");
        }
    }

    @Test
    void mountsHostFilesReadOnly() throws Exception {
        Path config = Files.createDirectories(work.resolve("config"));
        Files.writeString(config.resolve("service.yml"), "name: test\n");

        try (RuncContainer container = container(
            "cat /etc/baetyl/service.yml; touch /etc/baetyl/new 2>/dev/null && echo WRITABLE; exit 0")
            .readOnlyMount(config, "/etc/baetyl").start()) {
            assertThat(container.waitForExit(EXIT)).isZero();
            assertThat(container.stdout()).isEqualTo("name: test\n");
        }
        assertThat(config.resolve("new")).doesNotExist();
    }

    @Test
    void deliversSigterm() {
        try (RuncContainer container = container(
            "trap 'echo got-term; exit 7' TERM; echo ready; while true; do sleep 0.05; done").start()) {
            container.awaitOutput("ready", EXIT);

            container.signal("TERM");

            assertThat(container.waitForExit(EXIT)).isEqualTo(7);
            assertThat(container.stdout()).contains("got-term");
        }
    }

    @Test
    void sharesTheHostNetworkNamespace() throws Exception {
        String hostNetwork = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();

        try (RuncContainer container = container("readlink /proc/self/ns/net").start()) {
            assertThat(container.waitForExit(EXIT)).isZero();
            assertThat(container.stdout().trim()).isEqualTo(hostNetwork);
        }
    }

    @Test
    void boundsTheNumberOfProcesses() {
        try (RuncContainer container = container(
            "i=0; while [ $i -lt 20 ]; do sleep 2 & i=$((i+1)); done; echo loop-done")
            .pidsLimit(8).start()) {
            container.waitForExit(EXIT);

            CgroupStats stats = container.cgroupStats();
            assertThat(stats.pidsLimit()).isEqualTo(8);
            assertThat(stats.pidsMaxEvents()).isPositive();
            assertThat(container.stderr()).contains("can't fork");
        }
    }

    @Test
    void setsAndEnforcesTheMemoryLimit() {
        long limit = 16L << 20;
        try (RuncContainer container = container("echo ready; exec tail /dev/zero")
            .memoryLimitBytes(limit).start()) {
            assertThat(container.cgroupStats().memoryLimitBytes()).isEqualTo(limit);

            int exit = container.waitForExit(EXIT);

            CgroupStats stats = container.cgroupStats();
            assertThat(exit).isEqualTo(128 + 9);
            assertThat(stats.oomKills()).isPositive();
            assertThat(stats.memoryPeakBytes()).isGreaterThan(limit / 2).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void closeKillsARunningContainerAndRemovesItsCgroup() {
        RuncContainer container = container("echo ready; while true; do sleep 1; done").pidsLimit(5).start();
        container.awaitOutput("ready", EXIT);
        assertThat(container.cgroupDirectories()).allMatch(Files::isDirectory);

        container.close();

        assertThat(container.isRunning()).isFalse();
        assertThat(container.cgroupDirectories()).noneMatch(Files::exists);
        assertThat(Processes.run(EXIT, Tools.require("runc").toString(), "--root",
            work.resolve("runc-root").toString(), "state", container.id()).exitCode()).isNotZero();
    }
}
