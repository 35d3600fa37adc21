package io.baetyl.function.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Settings, read from {@code -D} system properties; each bad value is reported naming its property.
 *
 * @param runtimeDist   {@code bench.runtimeDist}: the runtime's process-mode distribution (bin/, lib/)
 * @param javaHome      {@code bench.javaHome}: JAVA_HOME for the runtime launcher (default: this JVM's)
 * @param seconds       {@code bench.seconds}: measured load per target (default 10)
 * @param warmup        {@code bench.warmupSeconds}: load before measuring (default 10: the runtime compiles its
 *                      hot path with C2 alone, which takes a few seconds under full load)
 * @param concurrency   {@code bench.concurrency}: calls in flight (default 64)
 * @param coldStarts    {@code bench.coldStarts}: start / first reply / SIGTERM cycles per target (default 3)
 * @param payload       {@code bench.payload}: the request payload (default a small JSON object)
 * @param targets       {@code bench.targets}: comma-separated, of runtime, bare, runc, python (default runtime,bare;
 *                      runc is added when {@code image.tar} is given, python when {@code bench.pythonRuntime} is)
 * @param bareJvmFlags  {@code bench.bareJvmFlags}: JVM flags for the bare server (default none: untuned)
 * @param imageTar      {@code image.tar}: the runtime image ({@code docker save} tar) to run under runc
 * @param memoryLimitMib {@code bench.memoryMiB}: runc memory limit (default 50)
 * @param pidsLimit     {@code bench.pids}: runc pids limit (default 20)
 * @param workDir       {@code bench.workDir}: where working directories go (default a new temp directory)
 * @param clientWarmup  {@code bench.clientWarmupSeconds}: client self-warm-up against an in-process server (3)
 * @param rounds        {@code bench.rounds}: times the whole target sequence runs, interleaved (default 1)
 * @param pythonRuntime {@code bench.pythonRuntime}: a directory holding Baetyl v1's Python3 function runtime
 *                      ({@code runtime.py}, or {@code function-python3.py} as Baetyl 1.0 names it, next to its
 *                      {@code function_pb2.py} and {@code function_pb2_grpc.py}); this field is the script itself
 * @param python        {@code bench.python}: the Python 3 that runs it (default /usr/bin/python3; it needs
 *                      grpcio, protobuf and PyYAML)
 * @param runtimeJavaToolOptions {@code bench.runtimeJavaToolOptions}: {@code JAVA_TOOL_OPTIONS} for the runtime, in
 *                      process mode and in the container, to measure other JVM flags than its defaults (default
 *                      empty: the defaults)
 */
record BenchmarkOptions(Path runtimeDist, Path javaHome, Duration seconds, Duration warmup, int concurrency,
                        int coldStarts, String payload, List<String> targets, List<String> bareJvmFlags,
                        Path imageTar, long memoryLimitMib, long pidsLimit, Path workDir,
                        Duration clientWarmup, int rounds, Path pythonRuntime, Path python,
                        String runtimeJavaToolOptions) {

    static final List<String> KNOWN_TARGETS = List.of("runtime", "bare", "runc", "python");

    /** The runtime's file name in Baetyl's repositories: baetyl-function's python3/, then Baetyl 1.0's own. */
    static final List<String> PYTHON_RUNTIME_SCRIPTS = List.of("runtime.py", "function-python3.py");

    static BenchmarkOptions fromSystemProperties() {
        return from(System.getProperties());
    }

    static BenchmarkOptions from(Properties p) {
        Path imageTar = p.getProperty("image.tar") == null ? null : Path.of(p.getProperty("image.tar"));
        if (imageTar != null && !Files.isRegularFile(imageTar)) {
            throw new IllegalArgumentException("-Dimage.tar=" + imageTar + " is not a file");
        }
        Path pythonRuntime = p.getProperty("bench.pythonRuntime") == null ? null
            : pythonRuntimeScript(Path.of(p.getProperty("bench.pythonRuntime")).toAbsolutePath());
        String defaultTargets = "runtime,bare" + (imageTar == null ? "" : ",runc")
            + (pythonRuntime == null ? "" : ",python");
        List<String> targets = Arrays.stream(p.getProperty("bench.targets", defaultTargets).split(","))
            .map(String::trim).filter(t -> !t.isEmpty()).toList();
        for (String target : targets) {
            if (!KNOWN_TARGETS.contains(target)) {
                throw new IllegalArgumentException("-Dbench.targets has an unknown target '" + target
                    + "': use " + String.join(", ", KNOWN_TARGETS));
            }
        }
        if (targets.contains("runc") && imageTar == null) {
            throw new IllegalArgumentException("-Dbench.targets=runc needs -Dimage.tar=<runtime image tar>");
        }
        if (targets.contains("python") && pythonRuntime == null) {
            throw new IllegalArgumentException("-Dbench.targets=python needs -Dbench.pythonRuntime=<directory holding "
                + "Baetyl's Python3 runtime.py>");
        }
        Path python = Path.of(p.getProperty("bench.python", "/usr/bin/python3"));
        if (targets.contains("python") && !(Files.isRegularFile(python) && Files.isExecutable(python))) {
            throw new IllegalArgumentException("-Dbench.python=" + python + " is not an executable file: install "
                + "python3 (with python3-grpcio, python3-protobuf, python3-yaml) or name another one");
        }
        Path dist = Path.of(p.getProperty("bench.runtimeDist", defaultDist()));
        if (targets.contains("runtime") && !Files.isExecutable(dist.resolve("bin/baetyl-function-runtime"))) {
            throw new IllegalArgumentException("-Dbench.runtimeDist=" + dist.toAbsolutePath()
                + " has no bin/baetyl-function-runtime: build it with ./mvnw -B -pl benchmarks -am package -DskipTests");
        }
        List<String> bareFlags = Arrays.stream(p.getProperty("bench.bareJvmFlags", "").trim().split("\\s+"))
            .filter(f -> !f.isEmpty()).toList();
        return new BenchmarkOptions(
            dist.toAbsolutePath(),
            Path.of(p.getProperty("bench.javaHome", System.getProperty("java.home"))),
            seconds(p, "bench.seconds", "10"),
            seconds(p, "bench.warmupSeconds", "10"),
            (int) positive(p, "bench.concurrency", "64"),
            (int) positive(p, "bench.coldStarts", "3"),
            p.getProperty("bench.payload", "{\"hello\":\"baetyl\",\"n\":42}"),
            targets,
            bareFlags,
            imageTar,
            positive(p, "bench.memoryMiB", "50"),
            positive(p, "bench.pids", "20"),
            p.getProperty("bench.workDir") == null ? null : Path.of(p.getProperty("bench.workDir")),
            seconds(p, "bench.clientWarmupSeconds", "3"),
            (int) positive(p, "bench.rounds", "1"),
            pythonRuntime,
            python,
            p.getProperty("bench.runtimeJavaToolOptions", "").trim());
    }

    private static Path pythonRuntimeScript(Path dir) {
        return PYTHON_RUNTIME_SCRIPTS.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("-Dbench.pythonRuntime=" + dir + " has no "
                + String.join(" or ", PYTHON_RUNTIME_SCRIPTS) + " (Baetyl v1's Python3 function runtime, next to its "
                + "function_pb2.py and function_pb2_grpc.py)"));
    }

    private static String defaultDist() {
        Path fromRoot = Path.of("runtime/target/dist");
        return Files.isDirectory(fromRoot) ? fromRoot.toString() : "../runtime/target/dist";
    }

    private static Duration seconds(Properties p, String key, String fallback) {
        String value = p.getProperty(key, fallback);
        try {
            double seconds = Double.parseDouble(value);
            if (seconds < 0 || seconds > 3600) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + key + "=" + value + " is not a number of seconds (0..3600)");
        }
    }

    private static long positive(Properties p, String key, String fallback) {
        String value = p.getProperty(key, fallback);
        try {
            long number = Long.parseLong(value);
            if (number <= 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + key + "=" + value + " is not a positive whole number");
        }
    }
}
