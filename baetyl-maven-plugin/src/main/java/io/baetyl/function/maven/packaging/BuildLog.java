package io.baetyl.function.maven.packaging;

/** Where the Maven-free code reports progress; the Mojo forwards it to Maven's log. */
public interface BuildLog {

  void info(String message);

  void warn(String message);

  /** Details for {@code mvn -X}; dropped unless overridden. */
  default void debug(String message) {
  }

  /** Errors that do not end the build by themselves (the failure's own sentence follows). */
  default void error(String message) {
    warn(message);
  }
}
