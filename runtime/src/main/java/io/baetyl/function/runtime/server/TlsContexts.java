package io.baetyl.function.runtime.server;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Loads {@code server.cert}, {@code server.key} and {@code server.ca} one by one, so a bad file is named by
 * its key. Messages never quote file contents: a key's bytes must not reach a log.
 */
public final class TlsContexts {

  private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PKCS8_END = "-----END PRIVATE KEY-----";

  private TlsContexts() {}

  /**
   * The server's TLS context; client certificates are required when {@code tls.ca()} is set.
   *
   * @throws TlsSetupException naming the key whose file cannot be used
   */
  public static SslContext serverContext(RuntimeConfig.Tls tls) throws TlsSetupException {
    X509Certificate[] chain = certificates(tls.cert(), "server.cert");
    X509Certificate[] trusted = tls.ca() == null ? null : certificates(tls.ca(), "server.ca");
    SslContextBuilder ssl;
    try {
      // the certificates parsed above, so what fails here is the key
      ssl = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile());
    } catch (IllegalArgumentException e) {
      if (holdsCertificatesOnly(tls.key())) {
        throw new TlsSetupException("'server.key' names " + tls.key() + ", which holds a certificate, not a private"
            + " key: point server.key at the key file (are server.cert and server.key swapped?)");
      }
      throw new TlsSetupException("'server.key' names " + tls.key() + ", which holds no unencrypted PKCS#8"
          + " private key in PEM form (" + rootCause(e) + "); a traditional (BEGIN RSA/EC PRIVATE KEY) or encrypted"
          + " (BEGIN ENCRYPTED PRIVATE KEY) key converts with: openssl pkey -in " + tls.key()
          + " -out server-pkcs8.key");
    }
    checkKeyBelongsToCertificate(tls, chain[0]);
    if (trusted != null) {
      ssl.trustManager(trusted).clientAuth(ClientAuth.REQUIRE);
    }
    try {
      // Netty's BoringSSL where its native library can be unpacked into java.io.tmpdir, the JDK's TLS otherwise:
      // BoringSSL took 4-6 MiB less under a TLS load (and half the time) than the JDK's implementation
      return GrpcSslContexts.configure(ssl).build();
    } catch (IOException | RuntimeException e) {
      throw new TlsSetupException("TLS cannot be set up from 'server.cert' " + tls.cert() + " and 'server.key' "
          + tls.key() + " (do they belong together?): " + rootCause(e));
    }
  }

  /** Whether a PEM file has certificates and no private key (only its markers are looked at, never quoted). */
  private static boolean holdsCertificatesOnly(Path pem) {
    try {
      String text = Files.readString(pem, StandardCharsets.ISO_8859_1);
      return text.contains("-----BEGIN CERTIFICATE-----") && !text.contains("PRIVATE KEY-----");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A key that is not the certificate's would only fail each client's handshake, with nothing in the server's
   * log: sign with the key and verify with the certificate, once, at start-up. (Netty has read the key above,
   * so it is unencrypted PKCS#8; a key type this check does not know is left to the handshake.)
   */
  private static void checkKeyBelongsToCertificate(RuntimeConfig.Tls tls, X509Certificate certificate)
      throws TlsSetupException {
    PublicKey publicKey = certificate.getPublicKey();
    String signatureAlgorithm = switch (publicKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (signatureAlgorithm == null) {
      return;
    }
    TlsSetupException mismatch = new TlsSetupException("'server.key' names " + tls.key() + ", which is not the"
        + " private key of the certificate in 'server.cert' " + tls.cert() + " (" + certificate
            .getSubjectX500Principal().getName() + "); give the key that was issued with that certificate");
    PrivateKey privateKey;
    try {
      String pem = Files.readString(tls.key(), StandardCharsets.US_ASCII);
      int begin = pem.indexOf(PKCS8_BEGIN);
      int end = pem.indexOf(PKCS8_END);
      if (begin < 0 || end < begin) {
        return;
      }
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end));
      privateKey = KeyFactory.getInstance(publicKey.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw mismatch; // a key of another type (an RSA key for an EC certificate)
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return;
    }
    try {
      byte[] probe = "baetyl-function-runtime key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(signatureAlgorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(signatureAlgorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw mismatch;
      }
    } catch (GeneralSecurityException e) {
      throw mismatch;
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
    String message = root.getMessage();
    // Netty says "IOException : null" for a key whose base64 or DER does not decode
    return message == null || message.endsWith(": null") ? "its contents do not decode" : message;
  }

  /** TLS material that cannot be used; the message names the config key and the file. */
  public static final class TlsSetupException extends IOException {
    public TlsSetupException(String message) {
      super(message);
    }
  }
}
