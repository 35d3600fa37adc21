package io.baetyl.function.bench;

import io.baetyl.function.testinfra.CgroupStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Formats the results as Markdown tables (pasted as is into docs/benchmarks.md). */
final class Report {

    private Report() {
    }

    static String render(BenchmarkOptions options, List<TargetResult> results) {
        return render(options, results, "");
    }

    /** {@code note} is printed under the settings (e.g. the machine's load average while it ran). */
    static String render(BenchmarkOptions options, List<TargetResult> results, String note) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "c=%d, %s s measured after %s s warm-up, %d cold starts per target, "
                + "%d round(s), payload %d bytes, %d CPUs, client java %s%n%n",
            options.concurrency(), seconds(options.seconds().toMillis()), seconds(options.warmup().toMillis()),
            options.coldStarts(), options.rounds(), options.payload().length(),
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        if (!note.isEmpty()) {
            out.append(note).append("\n\n");
        }
        out.append("| round | target | cold start ms (median; all) | idle SIGTERM -> exit ms (codes) | calls/s "
            + "| p50 ms | p99 ms | max ms | errors | server CPU µs/call | client CPU µs/call | peak RSS MiB "
            + "| peak threads | SIGTERM after load ms (code) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (TargetResult r : results) {
            out.append(row(r));
        }
        out.append('\n');
        appendRatios(out, options.rounds(), results, "bare", Ratios::describeAgainstBare);
        appendRatios(out, options.rounds(), results, "python", Ratios::describeAgainstPython);
        for (TargetResult r : results) {
            r.cgroup().ifPresent(stats -> out.append(cgroupLine(r, stats)));
        }
        return out.toString();
    }

    /** runtime / {@code other} per round in which both ran, then the median over those rounds. */
    private static void appendRatios(StringBuilder out, int rounds, List<TargetResult> results, String other,
                                     Function<Ratios, String> describe) {
        List<Ratios> allRatios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Optional<TargetResult> runtime = find(results, "runtime", round);
            Optional<TargetResult> baseline = find(results, other, round);
            if (runtime.isPresent() && baseline.isPresent()) {
                Ratios ratios = Ratios.of(runtime.get(), baseline.get());
                allRatios.add(ratios);
                out.append("round ").append(round).append(' ').append(describe.apply(ratios)).append('\n');
            }
        }
        if (allRatios.size() > 1) {
            out.append("median over rounds: ").append(describe.apply(Ratios.median(allRatios))).append('\n');
        }
    }

    private static String row(TargetResult r) {
        LoadResult load = r.load();
        String idleCodes = String.join(",", r.idleTerminations().stream()
            .map(t -> String.valueOf(t.exitCode())).distinct().toList());
        return String.format(Locale.ROOT, "| %d | %s | %.0f; %s | %.0f (%s) | %.0f | %.2f | %.2f | %.1f | %s | %.1f "
                + "| %.1f | %.1f | %d | %.0f (%d) |%n",
            r.round(), r.name(), r.medianColdStartMillis(), joined(r.coldStartMillis()), r.medianIdleExitMillis(),
            idleCodes, load.callsPerSecond(), load.p50Millis(), load.p99Millis(), load.maxMillis(),
            load.errorCount() == 0 ? "0" : load.errors().toString(), r.serverCpuMicrosPerCall(),
            r.clientCpuMicrosPerCall(), r.peakRssKib() / 1024.0, r.peakThreads(), r.afterLoad().millis(),
            r.afterLoad().exitCode());
    }

    /** runtime / another target (bare or python) for one round. */
    private record Ratios(double throughput, double p99, double cpuPerCall, double coldStart, double rss,
                          double threads) {

        static Ratios of(TargetResult runtime, TargetResult other) {
            return new Ratios(
                runtime.load().callsPerSecond() / other.load().callsPerSecond(),
                runtime.load().p99Millis() / other.load().p99Millis(),
                runtime.serverCpuMicrosPerCall() / other.serverCpuMicrosPerCall(),
                runtime.medianColdStartMillis() / other.medianColdStartMillis(),
                (double) runtime.peakRssKib() / other.peakRssKib(),
                (double) runtime.peakThreads() / other.peakThreads());
        }

        static Ratios median(List<Ratios> all) {
            return new Ratios(median(all, Ratios::throughput), median(all, Ratios::p99),
                median(all, Ratios::cpuPerCall), median(all, Ratios::coldStart), median(all, Ratios::rss),
                median(all, Ratios::threads));
        }

        private static double median(List<Ratios> all, ToDoubleFunction<Ratios> field) {
            double[] values = all.stream().mapToDouble(field).sorted().toArray();
            int n = values.length;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }

        String describeAgainstBare() {
            return String.format(Locale.ROOT, "runtime/bare: throughput %.2f (bar >= 0.90: %s), p99 %.2f "
                    + "(bar <= 1.20: %s), server CPU per call %.2f, cold start %.2f, peak RSS %.2f, peak threads %.2f",
                throughput, throughput >= 0.90 ? "met" : "NOT met", p99, p99 <= 1.20 ? "met" : "NOT met",
                cpuPerCall, coldStart, rss, threads);
        }

        /** Baetyl's Python3 runtime: the throughput bar, and the cold start the design aims to beat. */
        String describeAgainstPython() {
            return String.format(Locale.ROOT, "runtime/python: throughput %.2f (bar >= 10: %s), cold start %.2f "
                    + "(aim < 1.00: %s), p99 %.2f, server CPU per call %.2f, peak RSS %.2f, peak threads %.2f",
                throughput, throughput >= 10 ? "met" : "NOT met", coldStart, coldStart < 1 ? "met" : "NOT met",
                p99, cpuPerCall, rss, threads);
        }
    }

    private static String cgroupLine(TargetResult r, CgroupStats s) {
        return String.format(Locale.ROOT, "round %d %s: cgroup v%d, memory limit %.0f MiB, memory peak %.1f MiB, "
                + "oom_kill %d, pids limit %d, pids peak %d, pids max events (failed forks) %d%n",
            r.round(), r.name(), s.cgroupVersion(), s.memoryLimitBytes() / 1048576.0, s.memoryPeakBytes() / 1048576.0,
            s.oomKills(), s.pidsLimit(), s.pidsPeak(), s.pidsMaxEvents());
    }

    private static Optional<TargetResult> find(List<TargetResult> results, String name, int round) {
        return results.stream().filter(r -> r.name().equals(name) && r.round() == round).findFirst();
    }

    private static String joined(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }
}
