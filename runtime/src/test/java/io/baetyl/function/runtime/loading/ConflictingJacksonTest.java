package io.baetyl.function.runtime.loading;

import static org.assertj.core.api.Assertions.assertThat;

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

/** A user jar compiled against, and shipped with, an older Jackson than the runtime's. */
class ConflictingJacksonTest {

  private static final String SOURCE = """
      package conflict;

      import com.fasterxml.jackson.databind.ObjectMapper;
      import java.util.Map;

      public class JacksonVersion {
        public static String handle(Map<String, Object> input) throws Exception {
          ObjectMapper mapper = new ObjectMapper();
          return mapper.version().toString() + " " + mapper.writeValueAsString(input);
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void userJacksonIsTheFunctionsOwnWhileTheRuntimeBindsWithItsOwn() throws Exception {
    Path oldJackson = Path.of(System.getProperty("conflicting.jackson.dir"));
    String version = System.getProperty("conflicting.jackson.version");
    List<Path> jars;
    try (Stream<Path> files = Files.list(oldJackson)) {
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
        "conflict.JacksonVersion::handle", loader));
    RuntimeServer server = RuntimeServer.start(new RuntimeConfig.Server("127.0.0.1", 0, 1, 4, 1 << 20,
        Duration.ofSeconds(1), null), Map.of("conflict", invoker));
    ManagedChannel channel = Clients.plaintext(server.port());
    try {
      String reply = Clients.stub(channel).call(Clients.message("conflict", "{\"a\":1}")).getPayload().toStringUtf8();
      assertThat(reply).isEqualTo("\"" + version + " {\\\"a\\\":1}\"");
      assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString()).isNotEqualTo(version);
    } finally {
      Clients.close(channel);
      server.stop(Duration.ofSeconds(1));
      loader.close();
    }
  }

  private void buildUserJar(List<Path> classpath, Path jar) throws IOException {
    Path src = dir.resolve("src/conflict/JacksonVersion.java");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, SOURCE);
    String cp = String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList());
    CodeDirs.compile(classes, cp, src);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry("conflict/JacksonVersion.class"));
      jarOut.write(Files.readAllBytes(classes.resolve("conflict/JacksonVersion.class")));
      jarOut.closeEntry();
    }
  }
}
