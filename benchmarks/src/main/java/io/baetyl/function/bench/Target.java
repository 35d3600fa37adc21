package io.baetyl.function.bench;

import io.baetyl.function.testinfra.CgroupStats;
import java.time.Duration;
import java.util.Optional;

/** A server under test: started on a loopback port, measured, stopped with SIGTERM. */
interface Target {

    String name();

    /** Starts an instance serving baetyl.Function/Call on 127.0.0.1:port; returns at once (not when ready). */
    Instance start(int port) throws Exception;

    /** One running server process. */
    interface Instance extends AutoCloseable {

        /** The server's JVM, as /proc on this host names it. */
        long pid();

        boolean isAlive();

        /** Sends SIGTERM to the JVM and waits for it to exit. */
        Termination terminate(Duration timeout);

        /** The container's cgroup accounting, for targets that run in one. */
        Optional<CgroupStats> cgroupStats();

        /** What the server printed, for failure messages. */
        String output();

        @Override
        void close();
    }

    /** How a SIGTERM ended the server. */
    record Termination(double millis, int exitCode) {
    }
}
