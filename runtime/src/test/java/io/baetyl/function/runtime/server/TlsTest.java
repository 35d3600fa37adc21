package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.loading.HandlerResolver;
import io.baetyl.function.runtime.support.Certificates;
import io.baetyl.function.runtime.support.Clients;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

  @TempDir static Path dir;
  private static Certificates certs;

  @BeforeAll
  static void certificates() throws Exception {
    certs = Certificates.create(dir);
  }

  private static RuntimeServer start(RuntimeConfig.Tls tls) throws Exception {
    FunctionInvoker echo = new FunctionInvoker(HandlerResolver.resolve("echo",
        "io.baetyl.function.runtime.fixtures.Handlers::echo", TlsTest.class.getClassLoader()));
    return RuntimeServer.start(new RuntimeConfig.Server("127.0.0.1", 0, 1, 4, 1 << 20, Duration.ofSeconds(1), tls),
        Map.of("echo", echo));
  }

  private static ManagedChannel tlsChannel(int port, boolean withClientCertificate) throws Exception {
    SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(certs.caCert.toFile());
    if (withClientCertificate) {
      ssl.keyManager(certs.clientCert.toFile(), certs.clientKey.toFile());
    }
    return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl.build()).build();
  }

  private static String call(ManagedChannel channel) {
    return Clients.stub(channel).call(Clients.message("echo", "{\"tls\":true}")).getPayload().toStringUtf8();
  }

  @Test
  void tlsServesClientsThatTrustTheCaAndRefusesPlaintext() throws Exception {
    RuntimeServer server = start(new RuntimeConfig.Tls(certs.serverCert, certs.serverKey, null));
    ManagedChannel tls = tlsChannel(server.port(), false);
    ManagedChannel plain = Clients.plaintext(server.port());
    try {
      assertThat(call(tls)).isEqualTo("{\"tls\":true}");
      assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> call(plain)).getStatus().getCode())
          .isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      Clients.close(tls);
      Clients.close(plain);
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void mutualTlsRequiresAClientCertificateSignedByTheCa() throws Exception {
    RuntimeServer server = start(new RuntimeConfig.Tls(certs.serverCert, certs.serverKey, certs.caCert));
    ManagedChannel withCert = tlsChannel(server.port(), true);
    ManagedChannel withoutCert = tlsChannel(server.port(), false);
    try {
      assertThat(call(withCert)).isEqualTo("{\"tls\":true}");
      assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> call(withoutCert)).getStatus().getCode())
          .isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      Clients.close(withCert);
      Clients.close(withoutCert);
      server.stop(Duration.ofSeconds(1));
    }
  }
}
