package io.baetyl.function.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java [-Dbench.seconds=10 ...] -jar benchmarks/target/benchmarks.jar}: measures the runtime (process mode,
 * from runtime/target/dist) and a bare grpc-java echo server in the same run, optionally the runtime image under
 * runc ({@code -Dimage.tar=...}) and Baetyl's Python3 runtime ({@code -Dbench.pythonRuntime=...}), and prints
 * Markdown tables. Options: see {@link BenchmarkOptions}.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /** The machine's load: the numbers mean little when other work shares the cores. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            String loadBefore = loadAverage();
            List<TargetResult> results = new BenchmarkRunner(options, line -> System.err.println("# " + line)).run();
            System.out.print(Report.render(options, results,
                "load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAverage()));
            System.out.flush();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }
}
