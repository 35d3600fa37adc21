package io.baetyl.function.bench;

import io.baetyl.function.bench.Target.Termination;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.testinfra.CgroupStats;
import io.baetyl.function.testinfra.FreePorts;
import io.baetyl.function.testinfra.OciBundles;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Runs every measurement for every target, one target at a time, and returns the results. */
final class BenchmarkRunner {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final BenchmarkOptions options;
    private final Consumer<String> progress;
    private final FunctionMessage request;

    BenchmarkRunner(BenchmarkOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
        this.request = Channels.request(options.payload());
    }

    List<TargetResult> run() throws Exception {
        boolean temporary = options.workDir() == null;
        Path work = temporary ? Files.createTempDirectory("baetyl-bench-")
            : Files.createDirectories(options.workDir());
        try {
            warmUpClient();
            FunctionFiles files = FunctionFiles.create(work.resolve("instance"));
            List<Target> targets = new ArrayList<>();
            for (String name : options.targets()) {
                targets.add(target(name, work, files));
            }
            // rounds interleave the targets, so a change in the machine's load hits all of them alike
            List<TargetResult> results = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                for (Target target : targets) {
                    results.add(measure(target, round));
                }
            }
            return results;
        } finally {
            if (temporary) {
                deleteRecursively(work);
            }
        }
    }

    private Target target(String name, Path work, FunctionFiles files) throws IOException {
        return switch (name) {
            case "runtime" -> ProcessTarget.runtime(options, files);
            case "bare" -> ProcessTarget.bare(options, Files.createDirectories(work.resolve("bare")));
            case "python" -> ProcessTarget.python(options,
                FunctionFiles.createPython(work.resolve("python-instance")));
            case "runc" -> {
                progress.accept("unpacking " + options.imageTar() + " into a runc bundle");
                Path bundle = OciBundles.fromDockerArchive(options.imageTar(), work.resolve("image"));
                yield new RuncTarget(bundle, Files.createDirectories(work.resolve("runc")), files,
                    options.memoryLimitMib(), options.pidsLimit(), options.runtimeJavaToolOptions());
            }
            default -> throw new IllegalArgumentException("unknown target " + name);
        };
    }

    TargetResult measure(Target target, int round) throws Exception {
        List<Double> coldStarts = new ArrayList<>();
        List<Termination> idleExits = new ArrayList<>();
        for (int i = 0; i < options.coldStarts(); i++) {
            int port = FreePorts.next();
            long start = System.nanoTime();
            try (Target.Instance instance = target.start(port)) {
                coldStarts.add(ColdStartProbe.firstReplyMillis(instance, port, start, request));
                idleExits.add(instance.terminate(EXIT_TIMEOUT));
            }
            progress.accept(target.name() + ": cold start " + format(coldStarts.get(i)) + " ms, idle SIGTERM exit "
                + format(idleExits.get(i).millis()) + " ms (code " + idleExits.get(i).exitCode() + ")");
        }

        int port = FreePorts.next();
        long start = System.nanoTime();
        try (Target.Instance instance = target.start(port)) {
            ColdStartProbe.firstReplyMillis(instance, port, start, request);
            progress.accept(target.name() + ": load c=" + options.concurrency() + " for "
                + options.warmup().toMillis() / 1000.0 + " s warm-up + " + options.seconds().toMillis() / 1000.0 + " s");
            ProcSampler sampler = new ProcSampler(instance.pid());
            LoadResult load;
            long[] serverCpu = new long[2];
            long[] clientCpu = new long[2];
            long client = ProcessHandle.current().pid();
            ManagedChannel channel = Channels.open(port);
            try {
                load = new LoadGenerator(channel, request, options.concurrency())
                    .run(options.warmup(), options.seconds(),
                        () -> {
                            serverCpu[0] = CpuTime.nanos(instance.pid());
                            clientCpu[0] = CpuTime.nanos(client);
                        },
                        () -> {
                            serverCpu[1] = CpuTime.nanos(instance.pid());
                            clientCpu[1] = CpuTime.nanos(client);
                        });
            } finally {
                Channels.close(channel);
                sampler.close();
            }
            long peakRss = sampler.peakRssKib();
            int peakThreads = sampler.peakThreads();
            if (!instance.isAlive()) {
                throw new IllegalStateException(target.name() + " died under load; output:\n" + instance.output());
            }
            Termination afterLoad = instance.terminate(EXIT_TIMEOUT);
            Optional<CgroupStats> cgroup = instance.cgroupStats();
            progress.accept(target.name() + ": " + format(load.callsPerSecond()) + " calls/s, p99 "
                + format(load.p99Millis()) + " ms, " + load.errorCount() + " errors");
            return new TargetResult(target.name(), round, coldStarts, idleExits, load, peakRss, peakThreads, afterLoad,
                cgroup, perCallMicros(serverCpu, load), perCallMicros(clientCpu, load));
        }
    }

    private static double perCallMicros(long[] cpu, LoadResult load) {
        return cpu[0] < 0 || cpu[1] < 0 || load.calls() == 0 ? Double.NaN : (cpu[1] - cpu[0]) / 1e3 / load.calls();
    }

    /**
     * Loads and JIT-compiles the client's gRPC code against an in-process echo server first, so the first
     * target's cold start is not charged for the client's own warm-up.
     */
    private void warmUpClient() throws Exception {
        int port = FreePorts.next();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(new BareEchoServer.EchoService()).build().start();
        try {
            Target.Instance self = new InProcessInstance();
            for (int i = 0; i < 20; i++) {
                ColdStartProbe.firstReplyMillis(self, port, System.nanoTime(), request);
            }
            ManagedChannel channel = Channels.open(port);
            try {
                LoadResult warmUp = new LoadGenerator(channel, request, 16).run(Duration.ZERO, options.clientWarmup());
                progress.accept("client warm-up against an in-process echo server: "
                    + format(warmUp.callsPerSecond()) + " calls/s at c=16");
            } finally {
                Channels.close(channel);
            }
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Stands for the client's own in-process warm-up server in the probe. */
    private static final class InProcessInstance implements Target.Instance {
        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public Termination terminate(Duration timeout) {
            throw new UnsupportedOperationException("the warm-up server is not a process");
        }

        @Override
        public Optional<CgroupStats> cgroupStats() {
            return Optional.empty();
        }

        @Override
        public String output() {
            return "";
        }

        @Override
        public void close() {
        }
    }

    static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
