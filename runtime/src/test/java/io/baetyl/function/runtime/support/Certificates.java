package io.baetyl.function.runtime.support;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA with a server certificate (for 127.0.0.1 and localhost) and a client certificate. */
public final class Certificates {

  public final Path caCert;
  public final Path serverCert;
  public final Path serverKey;
  public final Path clientCert;
  public final Path clientKey;

  private Certificates(Path dir) {
    this.caCert = dir.resolve("ca.pem");
    this.serverCert = dir.resolve("server.pem");
    this.serverKey = dir.resolve("server.key");
    this.clientCert = dir.resolve("client.pem");
    this.clientKey = dir.resolve("client.key");
  }

  public static Certificates create(Path dir) throws Exception {
    Certificates certs = new Certificates(dir);
    KeyPair ca = keyPair();
    X500Name caName = new X500Name("CN=test-ca");
    X509CertificateHolder caHolder = sign(builder(caName, caName, ca)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)), ca.getPrivate());
    writePem(certs.caCert, caHolder);
    certs.issue(ca, caName, "CN=localhost", KeyPurposeId.id_kp_serverAuth, certs.serverCert, certs.serverKey);
    certs.issue(ca, caName, "CN=client", KeyPurposeId.id_kp_clientAuth, certs.clientCert, certs.clientKey);
    return certs;
  }

  private void issue(KeyPair ca, X500Name caName, String subject, KeyPurposeId usage, Path cert, Path key)
      throws Exception {
    KeyPair pair = keyPair();
    GeneralNames names = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
    X509CertificateHolder holder = sign(builder(caName, new X500Name(subject), pair)
        .addExtension(Extension.subjectAlternativeName, false, names)
        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage)), ca.getPrivate());
    writePem(cert, holder);
    writePem(key, new JcaPKCS8Generator(pair.getPrivate(), null).generate());
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
        pair.getPublic());
  }

  private static X509CertificateHolder sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    return builder.build(signer);
  }

  private static void writePem(Path file, Object value) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(value);
    }
    Files.writeString(file, text.toString());
  }
}
