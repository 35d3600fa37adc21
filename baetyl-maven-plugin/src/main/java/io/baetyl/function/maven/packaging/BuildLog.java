package io.baetyl.function.maven.packaging;

/** Where the Maven-free code reports progress; the Mojo forwards it to Maven's log. */
public interface BuildLog {

  void info(String message);

  void warn(String message);
}
