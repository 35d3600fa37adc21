package io.baetyl.function.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a process's /proc status every 20 ms: the peak thread count (VmHWM is a peak by itself). */
final class ProcSampler implements AutoCloseable {

    private final long pid;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger peakThreads = new AtomicInteger();
    private final AtomicLong peakHwmKib = new AtomicLong();

    ProcSampler(long pid) {
        this.pid = pid;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "proc-sampler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::sample, 0, 20, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        ProcStatus.read(pid).ifPresent(status -> {
            peakThreads.accumulateAndGet(status.threads(), Math::max);
            peakHwmKib.accumulateAndGet(status.vmHwmKib(), Math::max);
        });
    }

    int peakThreads() {
        return peakThreads.get();
    }

    long peakRssKib() {
        return peakHwmKib.get();
    }

    @Override
    public void close() {
        sample();
        scheduler.shutdownNow();
    }
}
