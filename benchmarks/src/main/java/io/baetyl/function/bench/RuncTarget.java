package io.baetyl.function.bench;

import io.baetyl.function.testinfra.CgroupStats;
import io.baetyl.function.testinfra.RuncContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The runtime image run by runc with Baetyl's tightest limits (default 50 MiB memory, 20 pids), config and code
 * mounted read-only where Baetyl mounts them, sharing the host's loopback.
 */
final class RuncTarget implements Target {

    private final Path bundle;
    private final Path workDir;
    private final FunctionFiles files;
    private final long memoryLimitBytes;
    private final long pidsLimit;
    private final String javaToolOptions;

    RuncTarget(Path bundle, Path workDir, FunctionFiles files, long memoryLimitMib, long pidsLimit,
               String javaToolOptions) {
        this.javaToolOptions = javaToolOptions;
        this.bundle = bundle;
        this.workDir = workDir;
        this.files = files;
        this.memoryLimitBytes = memoryLimitMib << 20;
        this.pidsLimit = pidsLimit;
    }

    @Override
    public String name() {
        return "runc " + (memoryLimitBytes >> 20) + "MiB/" + pidsLimit + "pids";
    }

    @Override
    public Instance start(int port) {
        RuncContainer.Builder builder = RuncContainer.builder(bundle)
            .workDir(workDir)
            .memoryLimitBytes(memoryLimitBytes)
            .pidsLimit(pidsLimit)
            .env("BAETYL_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:" + port)
            .env("BAETYL_SERVICE_INSTANCE_NAME", "bench")
            .readOnlyMount(files.configDir(), "/etc/baetyl")
            .readOnlyMount(files.codeDir(), "/" + FunctionFiles.CODEDIR);
        if (!javaToolOptions.isEmpty()) {
            builder.env("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        return new ContainerInstance(builder.start());
    }

    private record ContainerInstance(RuncContainer container) implements Instance {

        @Override
        public long pid() {
            return container.pid();
        }

        @Override
        public boolean isAlive() {
            return container.isRunning();
        }

        @Override
        public Termination terminate(Duration timeout) {
            long start = System.nanoTime();
            // straight to the JVM (the container's init): no runc kill process start-up in the measurement
            ProcessHandle.of(container.pid()).ifPresent(ProcessHandle::destroy);
            int exitCode = container.waitForExit(timeout);
            return new Termination((System.nanoTime() - start) / 1e6, exitCode);
        }

        @Override
        public Optional<CgroupStats> cgroupStats() {
            return Optional.of(container.cgroupStats());
        }

        @Override
        public String output() {
            return "--- stdout ---\n" + container.stdout() + "\n--- stderr ---\n" + container.stderr();
        }

        @Override
        public void close() {
            container.close();
        }
    }
}
