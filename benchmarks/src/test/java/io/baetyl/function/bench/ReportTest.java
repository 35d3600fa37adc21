package io.baetyl.function.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.bench.Target.Termination;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The ratios printed under the table. */
class ReportTest {

    private static TargetResult result(String name, int round, double callsPerSecond, double coldStartMillis) {
        LoadResult load = new LoadResult(Math.round(callsPerSecond * 10), Map.of(), 10, 1, 4, 8);
        return new TargetResult(name, round, List.of(coldStartMillis), List.of(new Termination(10, 0)), load,
            40_960, 16, new Termination(10, 0), Optional.empty(), 40, 20);
    }

    @Test
    void comparesTheRuntimeWithBaetylsPythonRuntimeAgainstTheTenfoldBar() {
        Properties properties = new Properties();
        properties.setProperty("bench.targets", "bare");
        properties.setProperty("bench.rounds", "2");
        BenchmarkOptions options = BenchmarkOptions.from(properties);

        String report = Report.render(options, List.of(
            result("runtime", 1, 36_000, 300), result("python", 1, 3_000, 120),
            result("runtime", 2, 30_000, 100), result("python", 2, 4_000, 125)));

        assertThat(report)
            .contains("round 1 runtime/python: throughput 12.00 (bar >= 10: met), "
                + "cold start 2.50 (aim < 1.00: NOT met)")
            .contains("round 2 runtime/python: throughput 7.50 (bar >= 10: NOT met), "
                + "cold start 0.80 (aim < 1.00: met)")
            .contains("median over rounds: runtime/python: throughput 9.75 (bar >= 10: NOT met)")
            .doesNotContain("runtime/bare");
    }
}
