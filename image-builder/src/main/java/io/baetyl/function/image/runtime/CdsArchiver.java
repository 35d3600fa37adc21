package io.baetyl.function.image.runtime;

import io.baetyl.function.image.ImageBuildException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes the runtime's class-data-sharing archive. A jlinked JRE cannot use
 * {@code -XX:ArchiveClassesAtExit}, so: a training run records the loaded classes
 * ({@code -XX:DumpLoadedClassList}) while it serves a few calls, then {@code -Xshare:dump} writes a
 * static archive for the same class path.
 *
 * <p>The archive checks the class path and each jar's size and modification time. Both runs use the
 * image's relative class path ({@code opt/baetyl/lib/...}) from a staging root that mirrors the
 * image, with jars stamped with the image's fixed time; in the image the working directory is
 * {@code /}, so the same relative paths name the same jars.
 */
final class CdsArchiver {

  private static final String TRAINING_FUNCTION = "cds-training";

  private final Path java;
  private final Path stagingRoot;
  private final Path workDirectory;
  private final Consumer<String> progress;

  CdsArchiver(Path jreDirectory, Path stagingRoot, Path workDirectory, Consumer<String> progress) {
    this.java = jreDirectory.resolve("bin/java");
    this.stagingRoot = stagingRoot;
    this.workDirectory = workDirectory;
    this.progress = progress;
  }

  /** Trains, dumps and checks the archive at {@code archive} (an absolute path in staging). */
  void create(String classPath, Path flagsFile, Path archive) throws ImageBuildException {
    try {
      Files.createDirectories(archive.getParent());
      Files.createDirectories(workDirectory);
      Path classList = workDirectory.resolve("classes.lst");
      Files.deleteIfExists(classList);
      prepareTrainingFunction();
      train(classPath, flagsFile, classList);
      Files.deleteIfExists(archive);
      progress.accept("Dumping the class-data-sharing archive");
      run(List.of(java.toString(), "-XX:Flags=" + flagsFile, "-Xshare:dump",
          "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive,
          "-cp", classPath), 300);
      run(List.of(java.toString(), "-XX:Flags=" + flagsFile, "-Xshare:on",
          "-XX:SharedArchiveFile=" + archive, "-cp", classPath, "-version"), 60);
      progress.accept("Class-data-sharing archive: " + Files.size(archive) / 1024 + " KiB, "
          + Files.readAllLines(classList).size() + " classes listed");
    } catch (IOException e) {
      throw new ImageBuildException("Cannot make the class-data-sharing archive in "
          + workDirectory + ": " + e.getMessage(), e);
    }
  }

  private void prepareTrainingFunction() throws IOException {
    String resource = TrainingEcho.class.getName().replace('.', '/') + ".class";
    Path classFile = stagingRoot.resolve("var/db/baetyl/function-" + TRAINING_FUNCTION
        + "/classes/" + resource);
    Files.createDirectories(classFile.getParent());
    try (InputStream in = TrainingEcho.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the class " + resource + " is missing from the image builder");
      }
      Files.write(classFile, in.readAllBytes());
    }
    Path config = stagingRoot.resolve("etc/baetyl/service.yml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "name: " + TRAINING_FUNCTION + "\n"
        + "functions:\n"
        + "  - name: " + TRAINING_FUNCTION + "\n"
        + "    handler: " + TrainingEcho.class.getName() + "\n"
        + "    codedir: var/db/baetyl/function-" + TRAINING_FUNCTION + "\n",
        StandardCharsets.UTF_8);
  }

  private void train(String classPath, Path flagsFile, Path classList)
      throws IOException, ImageBuildException {
    int port = freePort();
    Path log = workDirectory.resolve("training.log");
    List<String> command = List.of(java.toString(), "-XX:Flags=" + flagsFile,
        "-XX:DumpLoadedClassList=" + classList, "-cp", classPath, RuntimeImageLayout.MAIN_CLASS);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(stagingRoot.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.equals("JAVA_TOOL_OPTIONS")
        || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS")
        || name.startsWith("BAETYL_") || name.startsWith("OPENEDGE_"));
    env.put("BAETYL_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:" + port);
    env.put("BAETYL_SERVICE_INSTANCE_NAME", TRAINING_FUNCTION);
    progress.accept("Training run of the runtime on 127.0.0.1:" + port);
    Process process = builder.start();
    try {
      awaitListening(process, port, log);
      int replies = TrainingCalls.call("127.0.0.1", port, TRAINING_FUNCTION, payloads(), 10_000);
      if (replies == 0) {
        throw new ImageBuildException("The runtime's training run answered none of its calls"
            + " (see " + log + ").");
      }
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new ImageBuildException("The runtime's training run did not stop within 30 s of"
            + " SIGTERM (see " + log + ").");
      }
      if (process.exitValue() != 0) {
        throw new ImageBuildException("The runtime's training run exited with code "
            + process.exitValue() + " after SIGTERM instead of 0 (see " + log + ").");
      }
      progress.accept("Training run served " + replies + " calls and stopped cleanly");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException("The runtime's training run was interrupted.", e);
    } finally {
      process.destroyForcibly();
    }
    if (!Files.isRegularFile(classList) || Files.size(classList) == 0) {
      throw new ImageBuildException("The runtime's training run wrote no class list to "
          + classList + " (see " + log + ").");
    }
  }

  private static List<byte[]> payloads() {
    List<byte[]> payloads = new ArrayList<>();
    for (String json : List.of("{\"name\":\"baetyl\",\"n\":1,\"f\":1.5,\"ok\":true,\"l\":[1,2]}",
        "[1,\"two\",3.0,null]", "\"text\"", "42", "null", "", "not json", "{\"a\":{\"b\":[]}}")) {
      payloads.add(json.getBytes(StandardCharsets.UTF_8));
    }
    payloads.add(new byte[] {(byte) 0xff, 0x00, 0x01});
    for (int i = 0; i < 16; i++) {
      payloads.add(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }
    return payloads;
  }

  private static void awaitListening(Process process, int port, Path log)
      throws IOException, InterruptedException, ImageBuildException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new ImageBuildException("The runtime's training run exited with code "
            + process.exitValue() + " before listening: "
            + lastLine(log) + " (see " + log + ").");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        process.waitFor(25, TimeUnit.MILLISECONDS);
      }
    }
    throw new ImageBuildException("The runtime's training run did not listen on 127.0.0.1:"
        + port + " within 60 s (see " + log + ").");
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private void run(List<String> command, long timeoutSeconds) throws ImageBuildException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(stagingRoot.toFile())
        .redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("_JAVA_OPTIONS");
    try {
      Process process = builder.start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new ImageBuildException("'java " + command.get(2) + "' did not finish within "
            + timeoutSeconds + " s.");
      }
      if (process.exitValue() != 0) {
        String text = new String(output, StandardCharsets.UTF_8).strip();
        String[] lines = text.split("\\R");
        throw new ImageBuildException("'java " + command.get(2) + "' for the class-data-sharing"
            + " archive failed with exit code " + process.exitValue() + ": "
            + lines[lines.length - 1]);
      }
    } catch (IOException e) {
      throw new ImageBuildException("Cannot run " + java + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException("The class-data-sharing dump was interrupted.", e);
    }
  }
}
