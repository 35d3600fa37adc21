package io.baetyl.function.runtime.logging;

import java.text.MessageFormat;
import java.util.ResourceBundle;

import java.util.logging.Logger;

/**
 * A {@link System.Logger} straight onto {@code java.util.logging}, where {@link System#getLogger} would
 * end up too, without the {@code LoggerFinder} machinery in between. (On JDK 17, java.util.logging's own start
 * still looks for a {@code LoggerFinder} on the class path once, which opens every jar of the runtime: about
 * 40 ms of a cold start on a slow host; a provider in the first jar does not shorten that search.)
 */
public final class JulLogger implements System.Logger {

  private final Logger logger;

  private JulLogger(Logger logger) {
    this.logger = logger;
  }

  /** The logger named {@code name}; what it writes goes where {@link Logging#configure} says. */
  public static System.Logger named(String name) {
    return new JulLogger(Logger.getLogger(name));
  }

  @Override
  public String getName() {
    return logger.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    return logger.isLoggable(julLevel(level));
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    java.util.logging.Level julLevel = julLevel(level);
    if (logger.isLoggable(julLevel)) {
      // logp: the source class is given (as none), so JUL does not walk the stack to infer it
      logger.logp(julLevel, null, null, localized(bundle, message), thrown);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    java.util.logging.Level julLevel = julLevel(level);
    if (logger.isLoggable(julLevel)) {
      String pattern = localized(bundle, format);
      String message = params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params);
      logger.logp(julLevel, null, null, message);
    }
  }

  private static String localized(ResourceBundle bundle, String key) {
    if (bundle == null || key == null || !bundle.containsKey(key)) {
      return key;
    }
    return bundle.getString(key);
  }

  /** The JDK's own mapping of System.Logger levels onto java.util.logging levels. */
  private static java.util.logging.Level julLevel(Level level) {
    return switch (level) {
      case ALL -> java.util.logging.Level.ALL;
      case TRACE -> java.util.logging.Level.FINER;
      case DEBUG -> java.util.logging.Level.FINE;
      case INFO -> java.util.logging.Level.INFO;
      case WARNING -> java.util.logging.Level.WARNING;
      case ERROR -> java.util.logging.Level.SEVERE;
      case OFF -> java.util.logging.Level.OFF;
    };
  }
}
