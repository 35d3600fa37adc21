package io.baetyl.function.image;

/**
 * Receives the build's log messages (jib's own events and the builder's) with their level, so a caller such
 * as a Maven plugin can route them to its own log levels.
 */
@FunctionalInterface
public interface ImageLog {

  /** The level of one message. */
  enum Level { DEBUG, INFO, WARN, ERROR }

  void log(Level level, String message);
}
