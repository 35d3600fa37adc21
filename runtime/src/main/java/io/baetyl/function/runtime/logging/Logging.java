package io.baetyl.function.runtime.logging;

import io.baetyl.function.runtime.config.RuntimeConfig;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/** Points {@code java.util.logging} (and so {@link System.Logger}) at stdout or an hourly-rotated file. */
public final class Logging {

  /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets the level set on it. */
  private static final Logger GRPC = Logger.getLogger("io.grpc");

  private Logging() {}

  /** Applies {@code logger:} from the config; returns the handler so the caller can flush it on exit. */
  public static Handler configure(RuntimeConfig.Logger config) throws IOException {
    Handler handler = config.path() == null
        ? stdout()
        : new HourlyFileHandler(config.path(), config.ageMaxDays(), config.backupMax(), Clock.systemUTC());
    Level level = level(config.level());
    handler.setLevel(level);
    boolean debug = level.intValue() <= Level.FINE.intValue();
    handler.setFormatter(new LineFormatter(debug));
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    root.addHandler(new KeptOpenHandler(handler));
    GRPC.setLevel(grpcLevel(debug, System.getProperty(GRPC_LEVEL_PROPERTY)));
    return handler;
  }

  private static Handler stdout() {
    StreamHandler handler = new StreamHandler(System.out, new LineFormatter(false)) {
      @Override
      public synchronized void publish(java.util.logging.LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    try {
      handler.setEncoding(StandardCharsets.UTF_8.name());
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
    return handler;
  }

  /** System property for gRPC's and Netty's own log level ({@code debug}, {@code info}, {@code warn}, ...). */
  public static final String GRPC_LEVEL_PROPERTY = "baetyl.log.grpc";

  /**
   * gRPC and Netty log every HTTP/2 frame at debug, payload bytes and headers included: that takes a
   * property of its own, and {@code logger.level: debug} alone raises them only to info.
   */
  static Level grpcLevel(boolean debug, String property) {
    if (property != null && !property.isBlank()) {
      return level(property.strip());
    }
    return debug ? Level.INFO : Level.WARNING;
  }

  static Level level(String name) {
    return switch (name) {
      case "debug" -> Level.FINE;
      case "warn", "warning" -> Level.WARNING;
      case "error", "fatal", "panic" -> Level.SEVERE;
      default -> Level.INFO;
    };
  }
}
