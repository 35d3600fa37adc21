package io.baetyl.function.maven.config;

import java.util.Objects;

/**
 * One function served by the runtime: its name, its handler string (null until resolved, when the project
 * has a single handler class) and the directory its code lives in inside the image.
 */
public record FunctionSpec(String name, String handler, String codedir, Integer instanceMin, Integer instanceMax) {

  public FunctionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(codedir, "codedir");
  }

  /** Baetyl's convention for a function's code directory. */
  public static String defaultCodedir(String functionName) {
    return "var/db/baetyl/function-" + functionName;
  }

  public FunctionSpec withHandler(String resolvedHandler) {
    return new FunctionSpec(name, resolvedHandler, codedir, instanceMin, instanceMax);
  }

  /** The codedir as an absolute path in the image, without a trailing slash. */
  public String imageCodedir() {
    String trimmed = codedir;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return "/" + trimmed;
  }
}
