package io.baetyl.function.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fails fast when a registry cannot be reached. Jib finds out too, but only after a minute or more of
 * retries with back-off (five minutes for a registry that accepts connections and never answers, and
 * many log lines); one connection tells at once. A refused connection, no route, an unknown host, or
 * no answer within {@link #TIMEOUT} (to the connection, or to the first request on it) fails with one
 * sentence; when insecure registries are not allowed, a failed TLS handshake does too. Any other
 * outcome (an answer, an odd error, a proxy configured) leaves the decision to jib, so proxies and
 * unusual setups behave exactly as with jib alone.
 */
final class RegistryPreflight {

  /** How long a registry may take to accept the connection, and then to answer (jib's own default is 20 s). */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private RegistryPreflight() {}

  /**
   * @param insecure whether plain HTTP is allowed: then only a TCP connection is probed, and only
   *     when the registry names its port (jib tries both 443 and 80 otherwise)
   * @param insecureOption how the user allows insecure registries, for the message
   */
  static void check(ImageReference reference, boolean insecure, String insecureOption) throws ImageBuildException {
    check(reference, insecure, insecureOption, TIMEOUT, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** @param tlsSockets how TLS connections are made (which certificates are trusted) */
  static void check(ImageReference reference, boolean insecure, String insecureOption, Duration timeout,
      SSLSocketFactory tlsSockets) throws ImageBuildException {
    int timeoutMillis = Math.toIntExact(timeout.toMillis());
    String registry = reference.getRegistry();
    if (proxyConfigured()) {
      return;
    }
    String host = registry;
    int port = 443;
    boolean explicitPort = false;
    int colon = registry.lastIndexOf(':');
    if (colon > 0 && registry.indexOf(']') < colon) {
      try {
        port = Integer.parseInt(registry.substring(colon + 1));
        host = registry.substring(0, colon);
        explicitPort = true;
      } catch (NumberFormatException e) {
        return;
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (insecure && !explicitPort) {
      return;
    }
    try (Socket plain = new Socket()) {
      try {
        plain.connect(new InetSocketAddress(host, port), timeoutMillis);
      } catch (SocketTimeoutException e) {
        throw new ImageBuildException(JibFailures.cannotConnect(registry, "no answer within "
            + text(timeout)), e);
      }
      plain.setSoTimeout(timeoutMillis);
      if (insecure) {
        awaitAnswer(plain, host, registry, timeout);
        return;
      }
      try (SSLSocket tls = (SSLSocket) tlsSockets.createSocket(plain, host, port, false)) {
        var parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        try {
          tls.startHandshake();
        } catch (SocketTimeoutException e) {
          throw silent(registry, timeout, e);
        }
        awaitAnswer(tls, host, registry, timeout);
      }
    } catch (SSLException e) {
      throw new ImageBuildException(JibFailures.noVerifiedHttps(registry, e.getMessage(), insecureOption), e);
    } catch (ConnectException e) {
      throw new ImageBuildException(JibFailures.cannotConnect(registry, "connection refused"), e);
    } catch (NoRouteToHostException e) {
      throw new ImageBuildException(JibFailures.cannotConnect(registry, "no route to host"), e);
    } catch (UnknownHostException e) {
      throw new ImageBuildException(JibFailures.unknownHost(host, reference.toString()), e);
    } catch (IOException | RuntimeException e) {
      // slow or odd: jib reports it with its own retries
    }
  }

  /**
   * Sends {@code GET /v2/} and reads the first line of the answer. Any answer passes (a registry says 200 or 401; a
   * TLS server asked in plain text answers 400, sends an alert or closes) except silence and HTTP 404, which says
   * that something else than a registry serves that port.
   */
  private static void awaitAnswer(Socket socket, String host, String registry, Duration timeout)
      throws IOException, ImageBuildException {
    OutputStream out = socket.getOutputStream();
    out.write(("GET /v2/ HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String statusLine;
    try {
      statusLine = firstLine(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      throw silent(registry, timeout, e);
    }
    if (statusLine.matches("HTTP/\\S+ 404\\b.*")) {
      throw new ImageBuildException("Registry " + registry + " answered GET /v2/ with HTTP 404, so it is not a"
          + " container registry: check the host and port in the image reference.");
    }
  }

  private static String firstLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int next = in.read(); next != -1 && next != '\n' && line.length() < 200; next = in.read()) {
      line.append((char) next);
    }
    return line.toString().strip();
  }

  private static ImageBuildException silent(String registry, Duration timeout, Exception cause) {
    return new ImageBuildException("Registry " + registry + " accepted the connection but did not answer within "
        + text(timeout) + ": check that " + registry + " is a container registry and that it is healthy.",
        cause);
  }

  private static String text(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }

  private static boolean proxyConfigured() {
    for (String property : new String[] {"https.proxyHost", "http.proxyHost", "socksProxyHost"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        return true;
      }
    }
    return false;
  }
}
