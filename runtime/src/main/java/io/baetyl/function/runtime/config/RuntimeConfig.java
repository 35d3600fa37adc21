package io.baetyl.function.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The runtime's part of {@code service.yml}, with defaults applied and environment overrides resolved.
 *
 * @param name the instance name (may be {@code null}: it is only logged)
 * @param warnings one line per ignored key, logged once the logger is configured
 */
public record RuntimeConfig(String name, Server server, Logger logger, List<FunctionSpec> functions,
    List<String> warnings) {

  public static final String DEFAULT_ADDRESS = "0.0.0.0:50051";
  public static final int DEFAULT_WORKERS = 4;
  public static final int DEFAULT_CONCURRENT = 64;
  public static final int DEFAULT_MESSAGE_LENGTH = 4 * 1024 * 1024;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** {@code server:}; {@code tls} is {@code null} for plain text. */
  public record Server(String host, int port, int workersMax, int concurrentMax, int messageLengthMax,
      Duration timeout, Tls tls) {

    public String address() {
      return host + ":" + port;
    }
  }

  /** {@code server.cert}, {@code server.key} and, for mutual TLS, {@code server.ca} ({@code null}: none). */
  public record Tls(Path cert, Path key, Path ca) {}

  /** {@code logger:}; {@code path} is {@code null} for standard output. */
  public record Logger(Path path, String level, int ageMaxDays, int backupMax) {}

  /** One entry of {@code functions:}. */
  public record FunctionSpec(String name, String handler, Path codedir) {}
}
