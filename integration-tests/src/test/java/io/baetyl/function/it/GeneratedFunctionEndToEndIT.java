package io.baetyl.function.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.ListenableFuture;
import io.baetyl.function.runtime.proto.FunctionMessage;
import io.baetyl.function.testinfra.Directories;
import io.baetyl.function.testinfra.LocalRegistry;
import io.baetyl.function.testinfra.OciBundles;
import io.baetyl.function.testinfra.Processes;
import io.baetyl.function.testinfra.RuncContainer;
import io.baetyl.function.testinfra.Skopeo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The user journey, end to end, over real parts: a project generated from the installed archetype is
 * built and packaged by the plugin into a tar and into a real registry; the pushed image is read back with
 * skopeo, unpacked with umoci and run with runc as Baetyl runs an instance; this test then acts as
 * Baetyl's function manager.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedFunctionEndToEndIT {

  private static final String FUNCTION = "sayhi";
  private static final String SLOW_FUNCTION = "slow";
  private static final String PACKAGE = "com.example.edge";
  private static final String FIRST_TAG = "1.0.0";
  private static final Duration CALL_DEADLINE = FunctionClient.BAETYL_TIMEOUT;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A second handler that takes its time, so a SIGTERM can arrive while a call is in flight. */
  private static final String SLOW_HANDLER = """
      package com.example.edge;

      import io.baetyl.function.api.Context;
      import io.baetyl.function.api.Handler;
      import java.util.Map;

      /** Sleeps for the input's sleepMillis, then says how long it slept. */
      public class SlowHandler implements Handler<Map<String, Object>, Map<String, Object>> {

        @Override
        public Map<String, Object> handle(Map<String, Object> input, Context context) throws InterruptedException {
          long millis = ((Number) input.get("sleepMillis")).longValue();
          System.out.println("slow call " + context.functionInvokeID() + " started");
          Thread.sleep(millis);
          return Map.of("%s", millis);
        }
      }
      """;

  private Path work;
  private ChildMaven maven;
  private LocalRegistry registry;
  private GeneratedProject project;
  private Path imageTar;
  private String pushedImage;
  private Path bundle;
  private Path configDirectory;
  private String codedir;
  private int instances;

  @BeforeAll
  void generatePackageAndPush() throws IOException {
    // one fixed place, emptied first: a failed run's logs and container output stay until the next run
    work = Path.of(ChildMaven.requiredProperty("baetyl.it.workdir"), "generated-function");
    Directories.deleteTree(work);
    Files.createDirectories(work);
    maven = ChildMaven.ofEnclosingBuild(work.resolve("logs"));
    registry = LocalRegistry.start(work.resolve("registry"));

    project = GeneratedProject.generate(maven, work.resolve("projects"), "com.example", "edge-greeter", "1.0.0",
        PACKAGE, FUNCTION);
    project.writeMainClass("SlowHandler", SLOW_HANDLER.formatted("slept"));

    // 1. the generated defaults: no image name, so a tar; unit tests run too
    maven.run(project.directory(), "package", "baetyl:package");
    imageTar = Files.copy(project.baetylOutput("image.tar"), work.resolve("image.tar"),
        StandardCopyOption.REPLACE_EXISTING);

    // 2. the same project pushed to a registry
    pushedImage = registry.address() + "/edge/" + FUNCTION + ":" + FIRST_TAG;
    pushTo(pushedImage);

    bundle = OciBundles.fromRegistry(pushedImage, work.resolve("bundles"));
    codedir = functionCodedir();
    configDirectory = writeInstanceConfig();
  }

  @AfterAll
  void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void tarIsNamedAfterTheFunction() throws IOException {
    String manifest = Processes.check(Duration.ofSeconds(60), "tar", "-xOf", imageTar.toString(), "manifest.json")
        .stdout();

    assertThat(JSON.readTree(manifest).path(0).path("RepoTags"))
        .isEqualTo(JSON.readTree("[\"" + FUNCTION + ":1.0.0\"]"));
  }

  @Test
  void tarAndRegistryHoldTheSameImage() {
    Skopeo skopeo = Skopeo.create();
    Map<String, Object> fromTar = skopeo.inspectConfig("docker-archive:" + imageTar, false);
    Map<String, Object> fromRegistry = skopeo.inspectConfig("docker://" + pushedImage, false);

    assertThat(fromTar.get("rootfs")).isEqualTo(fromRegistry.get("rootfs"));
    assertThat(fromTar.get("config")).isEqualTo(fromRegistry.get("config"));
  }

  @Test
  void packageWritesTheBaetylConfigurationOfTheFunction() throws IOException {
    Map<String, Object> function = onlyFunction(project.baetylYaml("service.yml"));
    assertThat(function).containsEntry("name", FUNCTION)
        .containsEntry("handler", PACKAGE + ".SayHi::handle");

    assertThat(Files.readString(project.baetylOutput("application.yml"))).contains("replica: 0");
    assertThat(Files.readString(project.baetylOutput("function-manager.yml"))).contains("name: " + FUNCTION);
  }

  @Test
  void jsonObjectIsRepliedWithTheContextAndTheGreeting() throws Exception {
    try (FunctionInstance instance = startInstance()) {
      FunctionMessage request = FunctionClient.request(FUNCTION, 7, 1, "t", utf8("{\"a\":1}"));

      FunctionMessage reply = instance.client().call(request, CALL_DEADLINE);

      assertThat(reply.toBuilder().clearPayload().build()).isEqualTo(request.toBuilder().clearPayload().build());
      assertThat(JSON.readTree(reply.getPayload().toByteArray())).isEqualTo(JSON.readTree("""
          {"a": 1, "messageQOS": 1, "messageTopic": "t", "messageTimestamp": %d, "functionName": "%s",
           "functionInvokeID": "%s", "invokeid": "%s", "Say": "Hello Baetyl"}
          """.formatted(request.getTimestamp(), FUNCTION, request.getFunctionInvokeID(),
          request.getFunctionInvokeID())));
    }
  }

  @Test
  void payloadThatIsNotJsonIsRepliedAsText() throws Exception {
    try (FunctionInstance instance = startInstance()) {
      FunctionMessage reply = instance.client()
          .call(FunctionClient.request(FUNCTION, 8, 0, "t", utf8("plain text, not JSON")), CALL_DEADLINE);

      JsonNode payload = JSON.readTree(reply.getPayload().toByteArray());
      assertThat(payload.path("bytes").asText()).isEqualTo("plain text, not JSON");
      assertThat(payload.path("Say").asText()).isEqualTo("Hello Baetyl");
    }
  }

  @Test
  void errInputFailsTheCallAndTheInstanceKeepsServing() throws Exception {
    try (FunctionInstance instance = startInstance()) {
      FunctionMessage failing = FunctionClient.request(FUNCTION, 9, 1, "t", utf8("{\"err\":\"boom\"}"));

      assertThatThrownBy(() -> instance.client().call(failing, CALL_DEADLINE))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
            assertThat(e.getStatus().getDescription())
                .isEqualTo("[UserCodeInvoke] java.lang.IllegalStateException: boom");
          });

      FunctionMessage next = instance.client()
          .call(FunctionClient.request(FUNCTION, 10, 1, "t", utf8("{\"b\":2}")), CALL_DEADLINE);
      assertThat(JSON.readTree(next.getPayload().toByteArray()).path("b").asInt()).isEqualTo(2);
    }
  }

  @Test
  void sigtermDuringACallCompletesTheCallAndExitsZero() throws Exception {
    try (FunctionInstance instance = startInstance()) {
      FunctionMessage request = FunctionClient.request(SLOW_FUNCTION, 11, 1, "t", utf8("{\"sleepMillis\":2000}"));
      ListenableFuture<FunctionMessage> inFlight = instance.client().callAsync(request, CALL_DEADLINE);
      RuncContainer container = instance.container();
      container.awaitOutput("slow call " + request.getFunctionInvokeID() + " started", Duration.ofSeconds(30));
      assertThat(inFlight).as("the call is still running").isNotDone();

      container.signal("TERM");

      FunctionMessage reply = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(JSON.readTree(reply.getPayload().toByteArray()).path("slept").asLong()).isEqualTo(2000L);
      assertThat(container.waitForExit(Duration.ofSeconds(15))).as("exit code" + instance.output()).isZero();
      assertThat(container.cgroupStats().oomKills()).as("OOM kills").isZero();
    }
  }

  @Test
  void changingOneClassPushesOnlyOneNewLayer() throws Exception {
    Skopeo skopeo = Skopeo.create();
    List<String> before = skopeo.layerDigests("docker://" + pushedImage, false);

    project.writeMainClass("SlowHandler", SLOW_HANDLER.formatted("sleptMillis"));
    String changedImage = registry.address() + "/edge/" + FUNCTION + ":1.0.1";
    pushTo(changedImage);

    List<String> after = skopeo.layerDigests("docker://" + changedImage, false);
    assertThat(after).hasSameSizeAs(before);
    List<Integer> changed = IntStream.range(0, before.size())
        .filter(i -> !before.get(i).equals(after.get(i))).boxed().toList();
    assertThat(changed).as("layers that differ between %s and %s", before, after).hasSize(1);
  }

  private void pushTo(String image) {
    maven.runWithLoopbackOnly(project.directory(), "package", "baetyl:package", "-DskipTests", "-Dimage=" + image,
        "-Dbaetyl.allowInsecureRegistries=true");
  }

  private FunctionInstance startInstance() throws InterruptedException {
    return FunctionInstance.start(bundle, configDirectory, work.resolve("containers"),
        FUNCTION + "-instance-" + (++instances));
  }

  /** The code directory the plugin put the classes in, from the service.yml it wrote. */
  private String functionCodedir() {
    Object value = onlyFunction(project.baetylYaml("service.yml")).get("codedir");
    assertThat(value).as("codedir in target/baetyl/service.yml").isInstanceOf(String.class);
    return (String) value;
  }

  /**
   * The instance's etc/baetyl as Baetyl mounts it: only {@code functions} and {@code logger} (the address and
   * the name come from the environment), here with a second function served from the same code.
   */
  private Path writeInstanceConfig() throws IOException {
    Path directory = Files.createDirectories(work.resolve("config/etc-baetyl"));
    Path file = directory.resolve("service.yml");
    Files.writeString(file, """
        functions:
          - name: %s
            handler: %s.SayHi::handle
            codedir: %s
          - name: %s
            handler: %s.SlowHandler::handle
            codedir: %s
        logger:
          level: info
        """.formatted(FUNCTION, PACKAGE, codedir, SLOW_FUNCTION, PACKAGE, codedir));
    // the runtime runs as a non-root user: it must be able to read its configuration
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return directory;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> onlyFunction(Map<String, Object> serviceYml) {
    Object functions = serviceYml.get("functions");
    assertThat(functions).as("functions in service.yml").isInstanceOf(List.class);
    List<Object> list = new ArrayList<>((List<Object>) functions);
    assertThat(list).hasSize(1);
    return (Map<String, Object>) list.get(0);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
