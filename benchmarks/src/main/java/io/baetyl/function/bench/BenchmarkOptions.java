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
 * @param warmup        {@code bench.warmupSeconds}: load before measuring (default 3)
 * @param concurrency   {@code bench.concurrency}: calls in flight (default 64)
 * @param coldStarts    {@code bench.coldStarts}: start / first reply / SIGTERM cycles per target (default 3)
 * @param payload       {@code bench.payload}: the request payload (default a small JSON object)
 * @param targets       {@code bench.targets}: comma-separated, of runtime, bare, runc (default runtime,bare;
 *                      runc is added when {@code image.tar} is given)
 * @param bareJvmFlags  {@code bench.bareJvmFlags}: JVM flags for the bare server (default none: untuned)
 * @param imageTar      {@code image.tar}: the runtime image ({@code docker save} tar) to run under runc
 * @param memoryLimitMib {@code bench.memoryMiB}: runc memory limit (default 50)
 * @param pidsLimit     {@code bench.pids}: runc pids limit (default 20)
 * @param workDir       {@code bench.workDir}: where working directories go (default a new temp directory)
 * @param clientWarmup  {@code bench.clientWarmupSeconds}: client self-warm-up against an in-process server (3)
 * @param rounds        {@code bench.rounds}: times the whole target sequence runs, interleaved (default 1)
 */
record BenchmarkOptions(Path runtimeDist, Path javaHome, Duration seconds, Duration warmup, int concurrency,
                        int coldStarts, String payload, List<String> targets, List<String> bareJvmFlags,
                        Path imageTar, long memoryLimitMib, long pidsLimit, Path workDir,
                        Duration clientWarmup, int rounds) {

    static final List<String> KNOWN_TARGETS = List.of("runtime", "bare", "runc");

    static BenchmarkOptions fromSystemProperties() {
        return from(System.getProperties());
    }

    static BenchmarkOptions from(Properties p) {
        Path imageTar = p.getProperty("image.tar") == null ? null : Path.of(p.getProperty("image.tar"));
        if (imageTar != null && !Files.isRegularFile(imageTar)) {
            throw new IllegalArgumentException("-Dimage.tar=" + imageTar + " is not a file");
        }
        String defaultTargets = imageTar == null ? "runtime,bare" : "runtime,bare,runc";
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
            seconds(p, "bench.warmupSeconds", "3"),
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
            (int) positive(p, "bench.rounds", "1"));
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
