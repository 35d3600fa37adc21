package io.baetyl.function.testinfra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A server a test started (docker-registry, dockerd) with its output in a log file: how to stop it, and the
 * failures every such server reports the same way, each with its log, since the log is what explains them.
 */
final class LoggedProcess {

    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path log;

    /** @param name what to call it in failures, e.g. {@code docker-registry on 127.0.0.1:5000} */
    LoggedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * SIGTERM, then SIGKILL when it has not exited within {@code grace}. True when it exited on SIGTERM (or
     * had exited before); false when it had to be killed or the wait was interrupted.
     */
    boolean stop(Duration grace) {
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly();
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** For a process that has exited: "<name> exited with <code> <when>; its log (...):" and the log. */
    IllegalStateException exited(String when) {
        return failure(name + " exited with " + process.exitValue() + " " + when);
    }

    IllegalStateException didNotStop(Duration grace) {
        return failure(name + " did not stop on SIGTERM within " + grace);
    }

    /** {@code what}, then the log. */
    IllegalStateException failure(String what) {
        return new IllegalStateException(what + "; its log (" + log + "):\n" + logText());
    }
}
