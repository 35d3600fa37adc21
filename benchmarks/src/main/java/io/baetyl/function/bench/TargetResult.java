package io.baetyl.function.bench;

import io.baetyl.function.bench.Target.Termination;
import io.baetyl.function.testinfra.CgroupStats;
import java.util.List;
import java.util.Optional;

/**
 * Everything measured for one target. CPU per call is CPU time (user + system) used in the measurement window
 * divided by the calls completed in it.
 */
record TargetResult(String name, int round, List<Double> coldStartMillis, List<Termination> idleTerminations,
                    LoadResult load, long peakRssKib, int peakThreads, Termination afterLoad,
                    Optional<CgroupStats> cgroup, double serverCpuMicrosPerCall, double clientCpuMicrosPerCall) {

    double medianColdStartMillis() {
        return median(coldStartMillis);
    }

    double medianIdleExitMillis() {
        return median(idleTerminations.stream().map(Termination::millis).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get((sorted.size() - 1) / 2);
    }
}
