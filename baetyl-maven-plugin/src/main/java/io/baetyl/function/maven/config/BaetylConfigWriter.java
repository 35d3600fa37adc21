package io.baetyl.function.maven.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes the three Baetyl v1 files for a function service, in the shapes of Baetyl's own examples:
 * {@code service.yml} (the runtime's config, also baked into the image at {@code /etc/baetyl/service.yml}),
 * {@code application.yml} (the service entry and its volumes) and {@code function-manager.yml} (the function
 * manager's {@code functions:} entries and an example {@code rules:} entry).
 */
public final class BaetylConfigWriter {

  public static final String SERVICE_YML = "service.yml";
  public static final String APPLICATION_YML = "application.yml";
  public static final String FUNCTION_MANAGER_YML = "function-manager.yml";

  private final Yaml yaml;

  public BaetylConfigWriter() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    options.setWidth(120);
    this.yaml = new Yaml(options);
  }

  /** Writes all three files into {@code directory} and returns the path of service.yml. */
  public Path writeAll(FunctionConfig config, String image, Path directory) throws IOException {
    Files.createDirectories(directory);
    Path service = directory.resolve(SERVICE_YML);
    write(service, "Runtime config of " + config.serviceName()
        + ": mount it at etc/baetyl/service.yml (the image carries a copy).", serviceYaml(config));
    write(directory.resolve(APPLICATION_YML), "Baetyl v1 application.yml fragment for " + config.serviceName()
        + ": merge services and volumes into var/db/baetyl/application.yml and put service.yml into the volume "
        + volumeName(config) + ".", applicationYaml(config, image));
    write(directory.resolve(FUNCTION_MANAGER_YML), "Fragment of the function manager's service.yml: merge "
        + "functions and adapt the example rule (client id and topics).", functionManagerYaml(config));
    return service;
  }

  public String serviceYaml(FunctionConfig config) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", config.serviceName());
    if (config.server() != null) {
      root.put("server", server(config.server()));
    }
    List<Object> functions = new ArrayList<>();
    for (FunctionSpec function : config.functions()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", function.name());
      entry.put("handler", function.handler());
      entry.put("codedir", function.codedir());
      functions.add(entry);
    }
    root.put("functions", functions);
    return yaml.dump(root);
  }

  public String applicationYaml(FunctionConfig config, String image) {
    Map<String, Object> mount = new LinkedHashMap<>();
    mount.put("name", volumeName(config));
    mount.put("path", "etc/baetyl");
    mount.put("readonly", true);
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("name", config.serviceName());
    service.put("image", image);
    service.put("replica", 0);
    service.put("mounts", List.of(mount));
    Map<String, Object> volume = new LinkedHashMap<>();
    volume.put("name", volumeName(config));
    volume.put("path", "var/db/baetyl/" + volumeName(config));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", "v0");
    root.put("services", List.of(service));
    root.put("volumes", List.of(volume));
    return yaml.dump(root);
  }

  public String functionManagerYaml(FunctionConfig config) {
    List<Object> functions = new ArrayList<>();
    for (FunctionSpec function : config.functions()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", function.name());
      entry.put("service", config.serviceName());
      if (function.instanceMin() != null || function.instanceMax() != null) {
        Map<String, Object> instance = new LinkedHashMap<>();
        if (function.instanceMin() != null) {
          instance.put("min", function.instanceMin());
        }
        if (function.instanceMax() != null) {
          instance.put("max", function.instanceMax());
        }
        entry.put("instance", instance);
      }
      functions.add(entry);
    }
    String first = config.functions().get(0).name();
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("clientid", "func-" + first + "-1");
    rule.put("subscribe", Map.of("topic", "t"));
    rule.put("function", Map.of("name", first));
    rule.put("publish", Map.of("topic", "t/" + first));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("rules", List.of(rule));
    root.put("functions", functions);
    return yaml.dump(root);
  }

  /** The name of the volume holding service.yml. */
  public static String volumeName(FunctionConfig config) {
    return config.serviceName() + "-conf";
  }

  private static Map<String, Object> server(ServerSpec server) {
    Map<String, Object> block = new LinkedHashMap<>();
    if (server.address() != null) {
      block.put("address", server.address());
    }
    if (server.workersMax() != null) {
      block.put("workers", Map.of("max", server.workersMax()));
    }
    if (server.concurrentMax() != null) {
      block.put("concurrent", Map.of("max", server.concurrentMax()));
    }
    if (server.messageLengthMax() != null) {
      block.put("message", Map.of("length", Map.of("max", server.messageLengthMax())));
    }
    if (server.timeout() != null) {
      block.put("timeout", server.timeout());
    }
    return block;
  }

  private static void write(Path file, String comment, String body) throws IOException {
    Files.writeString(file, "# " + comment + "\n" + body, StandardCharsets.UTF_8);
  }
}
