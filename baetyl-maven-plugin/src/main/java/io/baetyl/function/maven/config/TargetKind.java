package io.baetyl.function.maven.config;

import java.util.Locale;

/** Where the function image goes. */
public enum TargetKind {
  /** Pushed to a registry. */
  REGISTRY,
  /** Loaded into the local Docker daemon. */
  DOCKER,
  /** Written to target/baetyl/image.tar in {@code docker load} format. */
  TAR;

  static TargetKind parse(String value, String origin) throws ConfigException {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(origin + " is '" + value + "'; use registry, docker or tar.");
    }
  }
}
