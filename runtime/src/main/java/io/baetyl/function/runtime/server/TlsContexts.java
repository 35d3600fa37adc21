package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Loads {@code server.cert}, {@code server.key} and {@code server.ca} one by one, so a bad file is named by
 * its key. Messages never quote file contents: a key's bytes must not reach a log.
 */
public final class TlsContexts {

  private TlsContexts() {}

  /**
   * The server's TLS context; client certificates are required when {@code tls.ca()} is set.
   *
   * @throws TlsSetupException naming the key whose file cannot be used
   */
  public static SslContext serverContext(RuntimeConfig.Tls tls) throws TlsSetupException {
    certificates(tls.cert(), "server.cert");
    X509Certificate[] trusted = tls.ca() == null ? null : certificates(tls.ca(), "server.ca");
    SslContextBuilder ssl;
    try {
      // the certificates parsed above, so what fails here is the key
      ssl = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile());
    } catch (IllegalArgumentException e) {
      throw new TlsSetupException("'server.key' names " + tls.key() + ", which holds no unencrypted PKCS#8"
          + " private key in PEM form (" + rootCause(e) + "); a traditional RSA key (BEGIN RSA PRIVATE KEY)"
          + " converts with: openssl pkcs8 -topk8 -nocrypt -in " + tls.key() + " -out server-pkcs8.key");
    }
    if (trusted != null) {
      ssl.trustManager(trusted).clientAuth(ClientAuth.REQUIRE);
    }
    try {
      return GrpcSslContexts.configure(ssl).build();
    } catch (IOException | RuntimeException e) {
      throw new TlsSetupException("TLS cannot be set up from 'server.cert' " + tls.cert() + " and 'server.key' "
          + tls.key() + " (do they belong together?): " + rootCause(e));
    }
  }

  private static X509Certificate[] certificates(Path file, String key) throws TlsSetupException {
    List<X509Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast)
          .toList();
    } catch (IOException | CertificateException e) {
      throw new TlsSetupException("'" + key + "' names " + file + ", which holds no PEM certificate ("
          + rootCause(e) + ")");
    }
    if (certificates.isEmpty()) {
      throw new TlsSetupException("'" + key + "' names " + file + ", which holds no PEM certificate");
    }
    return certificates.toArray(new X509Certificate[0]);
  }

  private static String rootCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
  }

  /** TLS material that cannot be used; the message names the config key and the file. */
  public static final class TlsSetupException extends IOException {
    public TlsSetupException(String message) {
      super(message);
    }
  }
}
