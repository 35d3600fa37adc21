package io.baetyl.function.maven.config;

import java.util.Locale;

/** What a dependency on a Java module missing from the runtime image's JRE does to the build. */
public enum ModulesCheck {
  OFF, WARN, FAIL;

  public static ModulesCheck parse(String value) throws ConfigException {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("<modulesCheck> (-Dbaetyl.modulesCheck) is '" + value + "'; use warn, fail or off.");
    }
  }
}
