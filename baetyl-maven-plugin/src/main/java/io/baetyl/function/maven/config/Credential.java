package io.baetyl.function.maven.config;

import java.util.Objects;

/**
 * A username and password for one registry, with where it came from (for messages). {@link #toString()}
 * never shows the password.
 */
public record Credential(String username, String password, String origin) {

  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public String toString() {
    return "Credential[username=" + username + ", origin=" + origin + "]";
  }
}
