package io.baetyl.function.testinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command to completion with a timeout and captures its output. */
public final class Processes {

    private Processes() {
    }

    /** Runs a command; a non-zero exit code is returned, not thrown. */
    public static ProcessResult run(Duration timeout, String... command) {
        return command(command).timeout(timeout).run();
    }

    /** Runs a command and fails with its output when it exits non-zero. */
    public static ProcessResult check(Duration timeout, String... command) {
        return command(command).timeout(timeout).check();
    }

    public static Command command(String... command) {
        return new Command(List.of(command));
    }

    public static Command command(List<String> command) {
        return new Command(command);
    }

    /** A command to run: environment, working directory, standard input and timeout. */
    public static final class Command {
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path directory;
        private byte[] stdin = new byte[0];
        private Duration timeout = Duration.ofSeconds(60);

        private Command(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("a command needs at least the executable");
            }
            this.command = List.copyOf(command);
        }

        public Command env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Command directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Standard input; use it for secrets so they never appear on a command line. */
        public Command stdin(String input) {
            this.stdin = input.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Command timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Runs the command; fails only when it cannot start or does not finish in time. */
        public ProcessResult run() {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start `" + String.join(" ", command) + "`", e);
            }
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the command exited without reading its input; its exit code tells the story
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                    throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish within "
                        + timeout + "\n--- stdout ---\n" + partial(out) + "\n--- stderr ---\n" + partial(err));
                }
                return new ProcessResult(command, process.exitValue(), collect(out), collect(err));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", e);
            }
        }

        /** Runs the command and fails with its output when it exits non-zero. */
        public ProcessResult check() {
            ProcessResult result = run();
            if (result.exitCode() != 0) {
                throw new IllegalStateException(result.describe());
            }
            return result;
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }, "process-output");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    private static String collect(CompletableFuture<String> output) throws InterruptedException {
        try {
            // a child that outlives the command may hold the pipe open: do not wait for it forever
            return output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "(output unavailable: " + e + ")";
        }
    }

    private static String partial(CompletableFuture<String> output) {
        try {
            return output.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "(no output captured)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }
}
