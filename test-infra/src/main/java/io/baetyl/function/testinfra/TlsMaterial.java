package io.baetyl.function.testinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed certificate for 127.0.0.1 (made with openssl) and a PKCS12 trust store holding it. */
final class TlsMaterial {

    static final String TRUST_STORE_PASSWORD = "baetyl-test";

    private final Path certificatePem;
    private final Path keyPem;
    private final Path certDir;
    private final Path trustStore;

    private TlsMaterial(Path certificatePem, Path keyPem, Path certDir, Path trustStore) {
        this.certificatePem = certificatePem;
        this.keyPem = keyPem;
        this.certDir = certDir;
        this.trustStore = trustStore;
    }

    static TlsMaterial create(Path dir) {
        Path openssl = Tools.require("openssl");
        try {
            Files.createDirectories(dir);
            Path cert = dir.resolve("registry.crt");
            Path key = dir.resolve("registry.key");
            Processes.check(Duration.ofSeconds(60), openssl.toString(), "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "7",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString());
            // skopeo / containers-image read CA certificates from a directory of *.crt files
            Path certDir = Files.createDirectories(dir.resolve("certs.d"));
            Files.copy(cert, certDir.resolve("ca.crt"));
            Path trustStore = dir.resolve("truststore.p12");
            writeTrustStore(cert, trustStore);
            return new TlsMaterial(cert, key, certDir, trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create TLS material in " + dir, e);
        }
    }

    private static void writeTrustStore(Path cert, Path trustStore) throws IOException {
        try (InputStream in = Files.newInputStream(cert); OutputStream out = Files.newOutputStream(trustStore)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("baetyl-test-registry", certificate);
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write the trust store " + trustStore, e);
        }
    }

    SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, TRUST_STORE_PASSWORD.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not load the trust store " + trustStore, e);
        }
    }

    Path certificatePem() {
        return certificatePem;
    }

    Path keyPem() {
        return keyPem;
    }

    Path certDir() {
        return certDir;
    }

    Path trustStore() {
        return trustStore;
    }
}
