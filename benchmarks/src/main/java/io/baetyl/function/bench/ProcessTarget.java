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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A server started as a plain child process (the runtime's launcher, the bare echo server's JVM, or Baetyl's
 * Python3 runtime).
 */
final class ProcessTarget implements Target {

    private final String name;
    private final IntFunction<List<String>> command;
    private final Path workDir;
    private final IntFunction<Map<String, String>> environment;
    private final Predicate<String> dropInherited;

    ProcessTarget(String name, IntFunction<List<String>> command, Path workDir,
                  IntFunction<Map<String, String>> environment) {
        this(name, command, workDir, environment, variable -> false);
    }

    /** {@code dropInherited}: names of this process's environment variables the server must not see. */
    ProcessTarget(String name, IntFunction<List<String>> command, Path workDir,
                  IntFunction<Map<String, String>> environment, Predicate<String> dropInherited) {
        this.name = name;
        this.command = command;
        this.workDir = workDir;
        this.environment = environment;
        this.dropInherited = dropInherited;
    }

    /** The runtime's process-mode launcher, started in an instance working directory, as Baetyl does. */
    static ProcessTarget runtime(BenchmarkOptions options, FunctionFiles files) {
        Path launcher = options.runtimeDist().resolve("bin/baetyl-function-runtime");
        return new ProcessTarget("runtime", port -> List.of(launcher.toString()), files.workDir(),
            port -> {
                Map<String, String> environment = new HashMap<>(Map.of(
                    "BAETYL_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:" + port,
                    "BAETYL_SERVICE_INSTANCE_NAME", "bench",
                    "JAVA_HOME", options.javaHome().toString()));
                if (!options.runtimeJavaToolOptions().isEmpty()) {
                    environment.put("JAVA_TOOL_OPTIONS", options.runtimeJavaToolOptions());
                }
                return environment;
            },
            "JAVA_TOOL_OPTIONS"::equals);
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

    /**
     * Baetyl v1's Python3 function runtime as Baetyl's native mode starts it: in the instance working directory
     * (config from its default {@code etc/baetyl/service.yml}), address and name from the environment. The
     * interpreter runs with its own settings: no {@code PYTHON*} variable of the shell that started the benchmark
     * (such as {@code PYTHONDONTWRITEBYTECODE} or {@code PYTHONPATH}) reaches it.
     */
    static ProcessTarget python(BenchmarkOptions options, FunctionFiles files) {
        List<String> command = List.of(options.python().toString(), options.pythonRuntime().toString());
        return new ProcessTarget("python", port -> command, files.workDir(),
            port -> Map.of(
                "BAETYL_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:" + port,
                "BAETYL_SERVICE_INSTANCE_NAME", "bench"),
            variable -> variable.startsWith("PYTHON"));
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
        builder.environment().keySet().removeIf(dropInherited);
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
