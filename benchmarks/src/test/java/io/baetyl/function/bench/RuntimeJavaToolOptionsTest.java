package io.baetyl.function.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code -Dbench.runtimeJavaToolOptions}: other JVM flags for the runtime than its defaults. */
class RuntimeJavaToolOptionsTest {

    private static Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("bench.runtimeDist", System.getProperty("bench.runtimeDist"));
        properties.setProperty("bench.targets", "runtime");
        return properties;
    }

    @Test
    void withoutTheOptionTheRuntimeKeepsItsDefaults() {
        assertThat(BenchmarkOptions.from(properties()).runtimeJavaToolOptions()).isEmpty();
    }

    @Test
    void theOptionIsPassedOnWithoutSurroundingSpace() {
        Properties properties = properties();
        properties.setProperty("bench.runtimeJavaToolOptions", "  -XX:TieredStopAtLevel=4 -XX:CICompilerCount=2 ");

        assertThat(BenchmarkOptions.from(properties).runtimeJavaToolOptions())
            .isEqualTo("-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2");
    }
}
