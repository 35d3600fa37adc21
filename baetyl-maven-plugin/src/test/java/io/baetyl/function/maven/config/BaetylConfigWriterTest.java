package io.baetyl.function.maven.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class BaetylConfigWriterTest {

  private final BaetylConfigWriter writer = new BaetylConfigWriter();

  private static FunctionConfig sayhi(ServerSpec server) {
    return new FunctionConfig("function-java-sayhi",
        List.of(new FunctionSpec("sayhi", "com.example.SayHi::handle", "var/db/baetyl/function-sayhi", null, null)),
        server);
  }

  @Test
  void serviceYmlHasNameAndFunctionsAndNoServerBlockUnlessConfigured() {
    String yaml = writer.serviceYaml(sayhi(null));

    assertThat(yaml).isEqualTo("""
        name: function-java-sayhi
        functions:
          - name: sayhi
            handler: com.example.SayHi::handle
            codedir: var/db/baetyl/function-sayhi
        """);
  }

  @Test
  void serviceYmlWritesOnlyTheConfiguredServerKeys() {
    Map<String, Object> root = new Yaml().load(writer.serviceYaml(sayhi(
        new ServerSpec("0.0.0.0:50051", 2, null, 1024L, "5s"))));

    assertThat(root.get("server")).isEqualTo(Map.of("address", "0.0.0.0:50051", "workers", Map.of("max", 2),
        "message", Map.of("length", Map.of("max", 1024)), "timeout", "5s"));
  }

  @Test
  void applicationYmlIsTheRuntimeServiceWithReplicaZeroAndItsConfigVolume() {
    String yaml = writer.applicationYaml(sayhi(null), "localhost:5000/sayhi:1.0");

    assertThat(yaml).isEqualTo("""
        version: v0
        services:
          - name: function-java-sayhi
            image: localhost:5000/sayhi:1.0
            replica: 0
            mounts:
              - name: function-java-sayhi-conf
                path: etc/baetyl
                readonly: true
        volumes:
          - name: function-java-sayhi-conf
            path: var/db/baetyl/function-java-sayhi-conf
        """);
  }

  @Test
  void functionManagerYmlHasTheFunctionsEntryAndAnExampleRule() {
    FunctionConfig config = new FunctionConfig("function-java-demo", List.of(
        new FunctionSpec("a", "p.A", "var/db/baetyl/function-a", 0, 10),
        new FunctionSpec("b", "p.B", "var/db/baetyl/function-b", null, null)), null);

    String yaml = writer.functionManagerYaml(config);

    assertThat(yaml).isEqualTo("""
        rules:
          - clientid: func-a-1
            subscribe:
              topic: t
            function:
              name: a
            publish:
              topic: t/a
        functions:
          - name: a
            service: function-java-demo
            instance:
              min: 0
              max: 10
          - name: b
            service: function-java-demo
        """);
  }

  @Test
  void writeAllPutsTheThreeFilesWithAHeaderComment(@TempDir Path dir) throws Exception {
    writer.writeAll(sayhi(null), "sayhi:1.0", dir.resolve("baetyl"));

    for (String file : List.of("service.yml", "application.yml", "function-manager.yml")) {
      String text = Files.readString(dir.resolve("baetyl").resolve(file));
      assertThat(text).startsWith("# ");
      assertThat((Map<?, ?>) new Yaml().load(text)).isNotEmpty();
    }
  }
}
