package io.baetyl.function.it;

import io.baetyl.function.testinfra.FreePorts;
import io.baetyl.function.testinfra.RuncContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A function runtime instance started the way Baetyl v1 starts one: a container with 50 MiB of memory and
 * 20 tasks, its configuration mounted read-only at etc/baetyl, and its listen address and instance name in
 * the environment; plus the function manager's connection to it.
 */
final class FunctionInstance implements AutoCloseable {

  static final long MEMORY_LIMIT_BYTES = 50L * 1024 * 1024;
  static final int PIDS_LIMIT = 20;

  private final RuncContainer container;
  private final FunctionClient client;

  private FunctionInstance(RuncContainer container, FunctionClient client) {
    this.container = container;
    this.client = client;
  }

  /** Starts the container and connects to it (blocking, with Baetyl's 30 s timeout). */
  static FunctionInstance start(Path bundle, Path configDirectory, Path workDirectory, String instanceName)
      throws InterruptedException {
    String address = "127.0.0.1:" + FreePorts.next();
    RuncContainer container = RuncContainer.builder(bundle)
        .workDir(workDirectory)
        .memoryLimitBytes(MEMORY_LIMIT_BYTES)
        .pidsLimit(PIDS_LIMIT)
        .readOnlyMount(configDirectory, "/etc/baetyl")
        .env("BAETYL_SERVICE_INSTANCE_ADDRESS", address)
        .env("BAETYL_SERVICE_INSTANCE_NAME", instanceName)
        .start();
    try {
      return new FunctionInstance(container, FunctionClient.connect(address, FunctionClient.BAETYL_TIMEOUT));
    } catch (TimeoutException | RuntimeException e) {
      String output = "\n--- stdout ---\n" + container.stdout() + "\n--- stderr ---\n" + container.stderr();
      container.close();
      throw new AssertionError("the function runtime in container " + container.id() + " did not accept a "
          + "connection at " + address + ": " + e.getMessage() + output, e);
    }
  }

  RuncContainer container() {
    return container;
  }

  FunctionClient client() {
    return client;
  }

  /** What the container printed, for failure messages. */
  String output() {
    return "\n--- stdout ---\n" + container.stdout() + "\n--- stderr ---\n" + container.stderr();
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      container.close();
    }
  }
}
