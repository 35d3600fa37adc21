package io.baetyl.function.runtime.config;

/** A configuration that cannot be used; the message is one line naming the file and the key. */
public final class ConfigException extends Exception {

  public ConfigException(String message) {
    super(message);
  }
}
