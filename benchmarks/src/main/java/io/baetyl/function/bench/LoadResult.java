package io.baetyl.function.bench;

import java.util.Map;

/**
 * What a closed-loop load run measured inside its measurement window.
 *
 * @param calls       successful calls completed in the window
 * @param errors      failed calls in the window, by status code
 * @param seconds     the window's length
 * @param p50Millis   median latency of the successful calls
 * @param p99Millis   99th percentile latency
 * @param maxMillis   worst latency
 */
record LoadResult(long calls, Map<String, Long> errors, double seconds, double p50Millis, double p99Millis,
                  double maxMillis) {

    double callsPerSecond() {
        return calls / seconds;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
