package io.baetyl.function.image;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.ImageReference;
import io.baetyl.function.testinfra.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one-connection check before jib: what fails at once instead of after jib's retries. */
class RegistryPreflightTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final String OPTION = "the allow-insecure-registries option";

  /** A socket that the kernel accepts connections for (its backlog) and that never reads or writes. */
  private static ServerSocket silentServer() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  private static ImageReference image(int port) throws ImageBuildException {
    return ImageReferences.parse("127.0.0.1:" + port + "/baetyl/app:1.0", "image");
  }

  @Test
  void aRegistryThatAcceptsButNeverAnswersTlsFailsAtOnce() throws Exception {
    try (ServerSocket silent = silentServer()) {
      int port = silent.getLocalPort();

      assertThatThrownBy(() -> RegistryPreflight.check(image(port), false, OPTION, TIMEOUT))
          .isInstanceOf(ImageBuildException.class)
          .hasMessage("Registry 127.0.0.1:" + port + " accepted the connection but did not answer within 500 ms:"
              + " check that 127.0.0.1:" + port + " is a container registry and that it is healthy.");
    }
  }

  @Test
  void aRegistryThatAcceptsButNeverAnswersPlainHttpFailsAtOnce() throws Exception {
    try (ServerSocket silent = silentServer()) {
      int port = silent.getLocalPort();

      assertThatThrownBy(() -> RegistryPreflight.check(image(port), true, OPTION, TIMEOUT))
          .isInstanceOf(ImageBuildException.class)
          .hasMessageStartingWith("Registry 127.0.0.1:" + port + " accepted the connection but did not answer");
    }
  }

  @Test
  void aPlainHttpServerThatAnswersPassesWhenInsecureRegistriesAreAllowed() throws Exception {
    try (ServerSocket server = silentServer()) {
      Thread answering = new Thread(() -> {
        try (Socket connection = server.accept(); OutputStream out = connection.getOutputStream()) {
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the check has its answer or has failed: nothing to do
        }
      });
      answering.setDaemon(true);
      answering.start();

      assertThatCode(() -> RegistryPreflight.check(image(server.getLocalPort()), true, OPTION, TIMEOUT))
          .doesNotThrowAnyException();
      answering.join(TIMEOUT.toMillis());
    }
  }

  @Test
  void nothingListeningIsAConnectionRefused() throws Exception {
    int port = FreePorts.next();

    assertThatThrownBy(() -> RegistryPreflight.check(image(port), true, OPTION, TIMEOUT))
        .isInstanceOf(ImageBuildException.class)
        .hasMessage("Cannot connect to registry 127.0.0.1:" + port + " (connection refused): check that it runs"
            + " and the image reference names it.");
  }
}
