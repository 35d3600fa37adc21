package io.baetyl.function.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run of the real benchmark: both servers start, answer, carry load and stop on SIGTERM. */
class BenchmarkSmokeTest {

    @TempDir
    Path work;

    @Test
    void measuresTheRuntimeAndTheBareServerInOneRun() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("bench.runtimeDist", System.getProperty("bench.runtimeDist"));
        properties.setProperty("bench.seconds", "1");
        properties.setProperty("bench.warmupSeconds", "0.3");
        properties.setProperty("bench.concurrency", "4");
        properties.setProperty("bench.coldStarts", "1");
        properties.setProperty("bench.clientWarmupSeconds", "0.3");
        properties.setProperty("bench.workDir", work.toString());
        BenchmarkOptions options = BenchmarkOptions.from(properties);

        List<TargetResult> results = new BenchmarkRunner(options, line -> { }).run();

        assertThat(results).extracting(TargetResult::name).containsExactly("runtime", "bare");
        for (TargetResult result : results) {
            assertThat(result.coldStartMillis()).hasSize(1).allMatch(millis -> millis > 0);
            assertThat(result.load().calls()).as(result.name() + " calls").isPositive();
            assertThat(result.load().errors()).as(result.name() + " errors").isEmpty();
            assertThat(result.load().p99Millis()).isGreaterThanOrEqualTo(result.load().p50Millis());
            assertThat(result.peakRssKib()).isPositive();
            assertThat(result.peakThreads()).isPositive();
        }
        assertThat(results.get(0).afterLoad().exitCode()).as("runtime exit code after SIGTERM").isZero();
        assertThat(results.get(0).idleTerminations().get(0).exitCode()).isZero();
        assertThat(Report.render(options, results)).contains("runtime/bare: throughput");
    }

    @Test
    void aBadOptionNamesItsProperty() {
        Properties properties = new Properties();
        properties.setProperty("bench.targets", "bare");
        properties.setProperty("bench.concurrency", "lots");

        assertThatThrownBy(() -> BenchmarkOptions.from(properties))
            .hasMessage("-Dbench.concurrency=lots is not a positive whole number");
    }
}
