package io.baetyl.function.maven.config;

import java.util.List;
import java.util.Objects;

/**
 * The runtime service the image packages: its Baetyl service name, its functions and the optional server
 * block. Turned into YAML by {@link BaetylConfigWriter}.
 */
public record FunctionConfig(String serviceName, List<FunctionSpec> functions, ServerSpec server) {

  public FunctionConfig {
    Objects.requireNonNull(serviceName, "serviceName");
    functions = List.copyOf(functions);
    if (functions.isEmpty()) {
      throw new IllegalArgumentException("at least one function");
    }
  }

  /** Baetyl's naming for a runtime service: {@code function-java-<name>}. */
  public static String defaultServiceName(String name) {
    return "function-java-" + name;
  }

  public FunctionConfig withFunctions(List<FunctionSpec> resolved) {
    return new FunctionConfig(serviceName, resolved, server);
  }

  /** The distinct code directories, in function order. */
  public List<String> imageCodedirs() {
    return functions.stream().map(FunctionSpec::imageCodedir).distinct().toList();
  }
}
