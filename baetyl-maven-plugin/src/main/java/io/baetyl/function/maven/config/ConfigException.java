package io.baetyl.function.maven.config;

/**
 * A problem the user must fix in the project or its configuration. The message is one sentence that names
 * the pom element, property, file or class and says how to fix it; it never contains a secret.
 */
public class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
