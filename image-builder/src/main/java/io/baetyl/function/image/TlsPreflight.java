package io.baetyl.function.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fails fast when a registry cannot be reached over verified HTTPS and insecure registries are not
 * allowed. Jib finds out too, but only after about a minute of retries with back-off; one TLS
 * handshake tells at once. Any other outcome (no route, timeout, success) leaves the decision to
 * jib, so proxies and unusual setups behave exactly as with jib alone.
 */
final class TlsPreflight {

  private static final int TIMEOUT_MILLIS = 3000;

  private TlsPreflight() {}

  static void check(ImageReference reference) throws ImageBuildException {
    String registry = reference.getRegistry();
    String host = registry;
    int port = 443;
    int colon = registry.lastIndexOf(':');
    if (colon > 0 && registry.indexOf(']') < colon) {
      try {
        port = Integer.parseInt(registry.substring(colon + 1));
        host = registry.substring(0, colon);
      } catch (NumberFormatException e) {
        return;
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (registry.equals("registry-1.docker.io")) {
      return;
    }
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      plain.setSoTimeout(TIMEOUT_MILLIS);
      SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
      try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, false)) {
        var parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
      }
    } catch (SSLException e) {
      throw new ImageBuildException("Registry " + registry + " offers no verified HTTPS connection"
          + " (plain HTTP or an untrusted certificate: " + e.getMessage() + "): trust its"
          + " certificate or opt in with allowInsecureRegistries.", e);
    } catch (IOException | RuntimeException e) {
      // unreachable, slow or odd: jib reports it with its own retries
    }
  }
}
