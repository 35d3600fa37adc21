package io.baetyl.function.runtime.loading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.server.RuntimeServer;
import io.baetyl.function.runtime.support.Clients;
import io.baetyl.function.runtime.support.CodeDirs;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user jar compiled against, and shipped with, other versions of the libraries the runtime uses: an older
 * Jackson, protobuf-java 3 (the runtime has 4) and unshaded Netty 4.1 (the runtime has gRPC's shaded copy).
 */
class ConflictingLibrariesTest {

  private static final String SOURCE = """
      package conflict;

      import com.fasterxml.jackson.databind.ObjectMapper;
      import com.google.protobuf.Value;
      import io.netty.buffer.ByteBuf;
      import io.netty.buffer.Unpooled;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.Path;
      import java.util.Map;

      public class Versions {
        public static Map<String, Object> handle(Map<String, Object> input) throws Exception {
          // each library does real work: JSON, then a Netty buffer, then a protobuf round trip
          ObjectMapper mapper = new ObjectMapper();
          ByteBuf buffer = Unpooled.copiedBuffer(mapper.writeValueAsString(input), StandardCharsets.UTF_8);
          String viaNetty = buffer.toString(StandardCharsets.UTF_8);
          buffer.release();
          Value value = Value.parseFrom(Value.newBuilder().setStringValue(viaNetty).build().toByteArray());
          return Map.of(
              "jackson", mapper.version().toString(),
              "protobuf", jarOf(Value.class),
              "netty", jarOf(ByteBuf.class),
              "roundTrip", value.getStringValue());
        }

        private static String jarOf(Class<?> type) throws Exception {
          return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void theFunctionUsesItsOwnJacksonProtobufAndNettyWhileTheRuntimeUsesItsOwn() throws Exception {
    List<Path> jars;
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("conflicting.libraries.dir")))) {
      jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    Path codedir = dir.resolve("code");
    Files.createDirectories(codedir.resolve("lib"));
    for (Path jar : jars) {
      Files.copy(jar, codedir.resolve("lib").resolve(jar.getFileName()));
    }
    buildUserJar(jars, codedir.resolve("function.jar"));

    FunctionClassLoader loader = FunctionClassLoader.forCodeDir("conflict", codedir);
    FunctionInvoker invoker = new FunctionInvoker(HandlerResolver.resolve("conflict",
        "conflict.Versions::handle", loader));
    RuntimeServer server = RuntimeServer.start(new RuntimeConfig.Server("127.0.0.1", 0, 1, 4, 1 << 20,
        Duration.ofSeconds(1), null), Map.of("conflict", invoker));
    ManagedChannel channel = Clients.plaintext(server.port());
    try {
      String reply = Clients.stub(channel).call(Clients.message("conflict", "{\"a\":1}")).getPayload().toStringUtf8();
      Map<String, Object> versions = new ObjectMapper().readValue(reply, new TypeReference<>() {});
      assertThat(versions).containsEntry("jackson", System.getProperty("conflicting.jackson.version"))
          .containsEntry("protobuf", "protobuf-java-" + System.getProperty("conflicting.protobuf.version") + ".jar")
          .containsEntry("netty", "netty-buffer-" + System.getProperty("conflicting.netty.version") + ".jar")
          .containsEntry("roundTrip", "{\"a\":1}");
      // the runtime kept its own: a newer Jackson and protobuf 4 bound and encoded this very call
      assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
          .isNotEqualTo(System.getProperty("conflicting.jackson.version"));
      assertThat(com.google.protobuf.Value.class.getProtectionDomain().getCodeSource().getLocation().getPath())
          .contains("protobuf-java-4.");
    } finally {
      Clients.close(channel);
      server.stop(Duration.ofSeconds(1));
      loader.close();
    }
  }

  private void buildUserJar(List<Path> classpath, Path jar) throws IOException {
    Path src = dir.resolve("src/conflict/Versions.java");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, SOURCE);
    String cp = String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList());
    CodeDirs.compile(classes, cp, src);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry("conflict/Versions.class"));
      jarOut.write(Files.readAllBytes(classes.resolve("conflict/Versions.class")));
      jarOut.closeEntry();
    }
  }
}
