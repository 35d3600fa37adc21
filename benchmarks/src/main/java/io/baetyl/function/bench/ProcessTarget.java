package io.baetyl.function.bench;

import io.baetyl.function.testinfra.CgroupStats;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** A server started as a plain child process (the runtime's launcher, or the bare echo server's JVM). */
final class ProcessTarget implements Target {

    private final String name;
    private final IntFunction<List<String>> command;
    private final Path workDir;
    private final IntFunction<Map<String, String>> environment;

    ProcessTarget(String name, IntFunction<List<String>> command, Path workDir,
                  IntFunction<Map<String, String>> environment) {
        this.name = name;
        this.command = command;
        this.workDir = workDir;
        this.environment = environment;
    }

    /** The runtime's process-mode launcher, started in an instance working directory, as Baetyl does. */
    static ProcessTarget runtime(BenchmarkOptions options, FunctionFiles files) {
        Path launcher = options.runtimeDist().resolve("bin/baetyl-function-runtime");
        return new ProcessTarget("runtime", port -> List.of(launcher.toString()), files.workDir(),
            port -> Map.of(
                "BAETYL_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:" + port,
                "BAETYL_SERVICE_INSTANCE_NAME", "bench",
                "JAVA_HOME", options.javaHome().toString()));
    }

    /** The bare grpc-java echo server in its own JVM, on this JVM's class path. */
    static ProcessTarget bare(BenchmarkOptions options, Path workDir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessTarget("bare", port -> {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(options.bareJvmFlags());
            command.addAll(List.of("-cp", absoluteClassPath(), BareEchoServer.class.getName(),
                String.valueOf(port)));
            return command;
        }, workDir, port -> Map.of());
    }

    /** This JVM's class path with absolute entries: the server runs in another working directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Instance start(int port) throws IOException {
        Path log = Files.createTempFile(workDir, name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command.apply(port))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment.apply(port));
        return new ProcessInstance(builder.start(), log);
    }

    private record ProcessInstance(Process process, Path log) implements Instance {

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public Termination terminate(Duration timeout) {
            long start = System.nanoTime();
            process.destroy(); // SIGTERM
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("pid " + pid() + " did not exit within " + timeout
                        + " of SIGTERM; output:\n" + output());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return new Termination((System.nanoTime() - start) / 1e6, process.exitValue());
        }

        @Override
        public Optional<CgroupStats> cgroupStats() {
            return Optional.empty();
        }

        @Override
        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(could not read " + log + ")";
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
