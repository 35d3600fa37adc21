package io.baetyl.function.runtime.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The runtime as a real child process ({@code java -cp ... io.baetyl.function.runtime.Main}). */
public final class RuntimeProcess implements AutoCloseable {

  private final Process process;
  private final LinkedBlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
  private final List<String> stdout = new ArrayList<>();
  private final StringBuffer stderr = new StringBuffer();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  private RuntimeProcess(Process process) {
    this.process = process;
    stdoutReader = new Thread(() -> pump(process.getInputStream(), stdoutLines::add), "runtime-stdout");
    stderrReader = new Thread(() -> pump(process.getErrorStream(), line -> stderr.append(line).append('\n')),
        "runtime-stderr");
    stdoutReader.setDaemon(true);
    stderrReader.setDaemon(true);
    stdoutReader.start();
    stderrReader.start();
  }

  public static RuntimeProcess start(Path workingDir, Map<String, String> env, String... args) throws IOException {
    return start(workingDir, env, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"), args);
  }

  /** The runtime with the JVM flags it ships with (the distribution's {@code conf/jvm.flags}: a 20 MiB heap). */
  public static RuntimeProcess startWithShippedFlags(Path workingDir, String... args) throws IOException {
    return start(workingDir, Map.of(),
        List.of("-XX:Flags=" + Path.of("src/dist/conf/jvm.flags").toAbsolutePath()), args);
  }

  private static RuntimeProcess start(Path workingDir, Map<String, String> env, List<String> jvmFlags,
      String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(CodeDirs.javaExecutable().toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", CodeDirs.runtimeClasspath(), "io.baetyl.function.runtime.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("BAETYL_") || k.startsWith("OPENEDGE_"));
    builder.environment().putAll(env);
    return new RuntimeProcess(builder.start());
  }

  private static void pump(java.io.InputStream in, java.util.function.Consumer<String> sink) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        sink.accept(line);
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** Waits for a stdout line matching {@code wanted}; fails with everything printed so far. */
  public String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = stdoutLines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no matching line within " + timeout + "; stdout: " + stdout + "; stderr: "
            + stderr);
      }
      stdout.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** The port from the {@code listening on host:port} line. */
  public int awaitListeningPort() throws InterruptedException {
    String line = awaitLine(l -> l.contains("listening on "), Duration.ofSeconds(30));
    String address = line.substring(line.indexOf("listening on ") + "listening on ".length()).split("[ ,]")[0];
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** Sends SIGTERM (through the handle: {@link Process#destroy()} would also close our end of its output). */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Sends a signal by name ({@code INT}, {@code TERM}) with kill(1). */
  public void signal(String name) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new AssertionError("kill -" + name + " " + process.pid() + " failed with " + exit);
    }
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the runtime did not exit within " + timeout + "; stdout: " + stdout()
          + "; its threads:\n" + threadDump());
    }
    stdoutReader.join(5000);
    stderrReader.join(5000);
    return process.exitValue();
  }

  /** What {@code jstack} says of the child, so that a hang in CI shows where it hangs. */
  private String threadDump() {
    Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
    try {
      Process dump = new ProcessBuilder(jstack.toString(), String.valueOf(process.pid()))
          .redirectErrorStream(true).start();
      return new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no thread dump: " + e.getMessage() + ")";
    }
  }

  /** All stdout lines, including those not yet consumed by {@link #awaitLine}. */
  public List<String> stdout() {
    List<String> all = new ArrayList<>(stdout);
    stdoutLines.drainTo(all);
    stdout.clear();
    stdout.addAll(all);
    return all;
  }

  public String stderr() {
    return stderr.toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
