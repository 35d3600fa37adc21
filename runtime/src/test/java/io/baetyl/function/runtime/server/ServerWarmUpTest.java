package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ServerWarmUpTest {

  @Test
  void warmUpSucceedsEndsItsThreadAndOpensNoSocket() throws Exception {
    long socketsBefore = openSockets();

    ServerWarmUp warmUp = ServerWarmUp.start();
    warmUp.await();

    assertThat(warmUp.failure()).as("the warm-up's failure").isNull();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("baetyl-warm-up"));
    assertThat(openSockets()).isEqualTo(socketsBefore);
  }

  @Test
  void awaitKeepsTheCallersInterrupt() {
    ServerWarmUp warmUp = ServerWarmUp.start();
    Thread.currentThread().interrupt();

    warmUp.await();

    assertThat(Thread.interrupted()).isTrue();
  }

  private static long openSockets() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException gone) {
          return false;
        }
      }).count();
    }
  }
}
