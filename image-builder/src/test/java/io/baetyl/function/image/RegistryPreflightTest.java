package io.baetyl.function.image;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.ImageReference;
import io.baetyl.function.testinfra.FreePorts;
import io.baetyl.function.testinfra.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-connection check before jib: what fails at once instead of after jib's retries. */
class RegistryPreflightTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final String OPTION = "the allow-insecure-registries option";
  private static final SSLSocketFactory DEFAULT_TLS = (SSLSocketFactory) SSLSocketFactory.getDefault();

  @TempDir Path dir;

  /** A socket that the kernel accepts connections for (its backlog) and that never reads or writes. */
  private static ServerSocket silentServer() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** Accepts one connection on a daemon thread and writes {@code response} to it. */
  private static Thread answerOnce(ServerSocket server, String response) {
    Thread answering = new Thread(() -> {
      try (Socket connection = server.accept(); OutputStream out = connection.getOutputStream()) {
        out.write(response.getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // the check has its answer or has failed: nothing to do
      }
    });
    answering.setDaemon(true);
    answering.start();
    return answering;
  }

  private static ImageReference image(int port) throws ImageBuildException {
    return ImageReferences.parse("127.0.0.1:" + port + "/baetyl/app:1.0", "image");
  }

  @Test
  void aRegistryThatAcceptsButNeverAnswersTlsFailsAtOnce() throws Exception {
    try (ServerSocket silent = silentServer()) {
      int port = silent.getLocalPort();

      assertThatThrownBy(() -> RegistryPreflight.check(image(port), false, OPTION, TIMEOUT, DEFAULT_TLS))
          .isInstanceOf(ImageBuildException.class)
          .hasMessage("Registry 127.0.0.1:" + port + " accepted the connection but did not answer within 500 ms:"
              + " check that 127.0.0.1:" + port + " is a container registry and that it is healthy.");
    }
  }

  @Test
  void aRegistryThatAcceptsButNeverAnswersPlainHttpFailsAtOnce() throws Exception {
    try (ServerSocket silent = silentServer()) {
      int port = silent.getLocalPort();

      assertThatThrownBy(() -> RegistryPreflight.check(image(port), true, OPTION, TIMEOUT, DEFAULT_TLS))
          .isInstanceOf(ImageBuildException.class)
          .hasMessageStartingWith("Registry 127.0.0.1:" + port + " accepted the connection but did not answer");
    }
  }

  @Test
  void aPlainHttpServerThatAnswersPassesWhenInsecureRegistriesAreAllowed() throws Exception {
    try (ServerSocket server = silentServer()) {
      Thread answering = answerOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

      assertThatCode(() -> RegistryPreflight.check(image(server.getLocalPort()), true, OPTION, TIMEOUT,
          DEFAULT_TLS))
          .doesNotThrowAnyException();
      answering.join(TIMEOUT.toMillis());
    }
  }

  @Test
  void nothingListeningIsAConnectionRefused() throws Exception {
    int port = FreePorts.next();

    assertThatThrownBy(() -> RegistryPreflight.check(image(port), true, OPTION, TIMEOUT, DEFAULT_TLS))
        .isInstanceOf(ImageBuildException.class)
        .hasMessage("Cannot connect to registry 127.0.0.1:" + port + " (connection refused): check that it runs"
            + " and the image reference names it.");
  }

  @Test
  void aTlsServerThatShakesHandsButNeverAnswersFailsAtOnce() throws Exception {
    SSLContext tls = selfSignedContext();
    try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread handshaking = new Thread(() -> {
        try (SSLSocket connection = (SSLSocket) server.accept()) {
          connection.startHandshake();
          InputStream in = connection.getInputStream();
          while (in.read() != -1) {
            // reads the request and never answers
          }
        } catch (IOException e) {
          // the check gave up and closed the connection
        }
      });
      handshaking.setDaemon(true);
      handshaking.start();
      int port = server.getLocalPort();

      assertThatThrownBy(() -> RegistryPreflight.check(image(port), false, OPTION, TIMEOUT, tls.getSocketFactory()))
          .isInstanceOf(ImageBuildException.class)
          .hasMessageStartingWith("Registry 127.0.0.1:" + port + " accepted the connection but did not answer");
    }
  }

  @Test
  void aWebServerThatIsNotARegistryIsNamedAsSuch() throws Exception {
    try (ServerSocket server = silentServer()) {
      answerOnce(server, "HTTP/1.0 404 File not found\r\nContent-Type: text/html\r\n\r\n<!DOCTYPE HTML>");
      int port = server.getLocalPort();

      assertThatThrownBy(() -> RegistryPreflight.check(image(port), true, OPTION, TIMEOUT, DEFAULT_TLS))
          .isInstanceOf(ImageBuildException.class)
          .hasMessage("Registry 127.0.0.1:" + port + " answered GET /v2/ with HTTP 404, so it is not a container"
              + " registry: check the host and port in the image reference.");
    }
  }

  /** A key pair and self-signed certificate for 127.0.0.1 made by the JDK's keytool; trusted by the context too. */
  private SSLContext selfSignedContext() throws Exception {
    Path keyStore = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Processes.check(Duration.ofSeconds(60), keytool.toString(), "-genkeypair", "-alias", "registry",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }
}
