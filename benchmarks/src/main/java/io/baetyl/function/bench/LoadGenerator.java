package io.baetyl.function.bench;

import io.baetyl.function.runtime.proto.FunctionGrpc;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code concurrency} calls are always in flight; each completion starts the next call.
 * Calls completing in the warm-up are not counted. The run stops by itself after warm-up + duration.
 */
final class LoadGenerator {

    private static final int MAX_SAMPLES = 4_000_000;
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    private final FunctionGrpc.FunctionStub stub;
    private final FunctionMessage request;
    private final int concurrency;

    private final long[] latencies = new long[MAX_SAMPLES];
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private long windowStart;
    private long windowEnd;
    private CountDownLatch finished;

    LoadGenerator(ManagedChannel channel, FunctionMessage request, int concurrency) {
        this.stub = FunctionGrpc.newStub(channel);
        this.request = request;
        this.concurrency = concurrency;
    }

    LoadResult run(Duration warmup, Duration duration) throws InterruptedException {
        return run(warmup, duration, () -> { }, () -> { });
    }

    /**
     * Runs the load; {@code atWindowStart} and {@code atWindowEnd} run (on a timer thread) when the measurement
     * window opens and closes, e.g. to read CPU counters.
     */
    LoadResult run(Duration warmup, Duration duration, Runnable atWindowStart, Runnable atWindowEnd)
        throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "load-window");
            thread.setDaemon(true);
            return thread;
        });
        try {
            timer.schedule(atWindowStart, warmup.toNanos(), TimeUnit.NANOSECONDS);
            timer.schedule(atWindowEnd, warmup.plus(duration).toNanos(), TimeUnit.NANOSECONDS);
            return runLoad(warmup, duration);
        } finally {
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private LoadResult runLoad(Duration warmup, Duration duration) throws InterruptedException {
        long now = System.nanoTime();
        windowStart = now + warmup.toNanos();
        windowEnd = windowStart + duration.toNanos();
        finished = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            issue();
        }
        long waitMillis = warmup.plus(duration).plus(CALL_DEADLINE).plusSeconds(5).toMillis();
        if (!finished.await(waitMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(finished.getCount() + " of " + concurrency
                + " callers did not finish within " + waitMillis + " ms");
        }
        return result(duration);
    }

    private void issue() {
        long started = System.nanoTime();
        stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).call(request,
            new StreamObserver<>() {
                @Override
                public void onNext(FunctionMessage reply) {
                    // the reply's content is not checked here: the smoke test and the runtime's tests do that
                }

                @Override
                public void onError(Throwable error) {
                    long ended = System.nanoTime();
                    if (inWindow(started, ended)) {
                        errors.computeIfAbsent(Status.fromThrowable(error).getCode().name(), code -> new AtomicLong())
                            .incrementAndGet();
                    }
                    next(ended);
                }

                @Override
                public void onCompleted() {
                    long ended = System.nanoTime();
                    if (inWindow(started, ended)) {
                        calls.incrementAndGet();
                        int index = samples.getAndIncrement();
                        if (index < MAX_SAMPLES) {
                            latencies[index] = ended - started;
                        }
                    }
                    next(ended);
                }
            });
    }

    private boolean inWindow(long started, long ended) {
        return ended >= windowStart && ended < windowEnd;
    }

    private void next(long now) {
        if (now < windowEnd) {
            issue();
        } else {
            finished.countDown();
        }
    }

    private LoadResult result(Duration duration) {
        int count = Math.min(samples.get(), MAX_SAMPLES);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((code, n) -> errorCounts.put(code, n.get()));
        return new LoadResult(calls.get(), errorCounts, duration.toNanos() / 1e9,
            percentile(sorted, 0.50), percentile(sorted, 0.99), count == 0 ? Double.NaN : sorted[count - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
