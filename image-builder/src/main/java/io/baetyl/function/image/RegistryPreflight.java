package io.baetyl.function.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fails fast when a registry cannot be reached. Jib finds out too, but only after about a minute of
 * retries with back-off (and ten log lines); one connection tells at once. A refused connection, no
 * route or an unknown host fails with one sentence; when insecure registries are not allowed, a
 * failed TLS handshake does too. Any other outcome (timeout, success, proxy configured) leaves the
 * decision to jib, so proxies and unusual setups behave exactly as with jib alone.
 */
final class RegistryPreflight {

  private static final int TIMEOUT_MILLIS = 3000;

  private RegistryPreflight() {}

  /**
   * @param insecure whether plain HTTP is allowed: then only a TCP connection is probed, and only
   *     when the registry names its port (jib tries both 443 and 80 otherwise)
   * @param insecureOption how the user allows insecure registries, for the message
   */
  static void check(ImageReference reference, boolean insecure, String insecureOption) throws ImageBuildException {
    String registry = reference.getRegistry();
    if (registry.equals("registry-1.docker.io") || proxyConfigured()) {
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
      plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      if (insecure) {
        return;
      }
      plain.setSoTimeout(TIMEOUT_MILLIS);
      SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
      try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, false)) {
        var parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
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
