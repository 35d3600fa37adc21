package io.baetyl.function.runtime.config;

import io.baetyl.function.runtime.config.RuntimeConfig.FunctionSpec;
import io.baetyl.function.runtime.config.RuntimeConfig.Logger;
import io.baetyl.function.runtime.config.RuntimeConfig.Server;
import io.baetyl.function.runtime.config.RuntimeConfig.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.reader.UnicodeReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads {@code service.yml}. Unknown keys become warnings (other runtimes share the file); a missing or
 * wrong required key is a {@link ConfigException} naming it.
 */
public final class ConfigLoader {

  public static final Path DEFAULT_PATH = Path.of("etc", "baetyl", "service.yml");
  static final List<String> ADDRESS_VARIABLES = List.of(
      "BAETYL_SERVICE_INSTANCE_ADDRESS", "OPENEDGE_SERVICE_INSTANCE_ADDRESS", "OPENEDGE_SERVICE_ADDRESS");
  static final List<String> NAME_VARIABLES = List.of(
      "BAETYL_SERVICE_INSTANCE_NAME", "OPENEDGE_SERVICE_INSTANCE_NAME", "OPENEDGE_SERVICE_NAME");
  /** Baetyl's own logger settings that this runtime does not use: known (not "unknown"), but warned about. */
  private static final List<String> UNUSED_LOGGER_KEYS = List.of("format", "size", "encoding", "console");
  private static final String[] LOGGER_KEYS = Stream.concat(Stream.of("path", "level", "age", "backup"),
      UNUSED_LOGGER_KEYS.stream()).toArray(String[]::new);
  private static final Set<String> LEVELS = Set.of("debug", "info", "warn", "warning", "error", "fatal", "panic");

  private final Path file;
  private final Map<String, String> environment;
  private final List<String> warnings = new ArrayList<>();
  private final List<String> unknownKeys = new ArrayList<>();

  private ConfigLoader(Path file, Map<String, String> environment) {
    this.file = file;
    this.environment = environment;
  }

  /** Loads {@code file}, taking the address and name overrides from {@code environment}. */
  public static RuntimeConfig load(Path file, Map<String, String> environment) throws ConfigException {
    return new ConfigLoader(file, environment).load();
  }

  private RuntimeConfig load() throws ConfigException {
    Map<String, Object> root = section(parse(), "");
    known(root, "", "name", "server", "logger", "functions");
    String name = firstEnv(NAME_VARIABLES);
    if (name == null) {
      name = string(root, "", "name", false);
    }
    Server server = server(section(root.get("server"), "server"));
    Logger logger = logger(section(root.get("logger"), "logger"));
    List<FunctionSpec> functions = functions(root.get("functions"));
    return new RuntimeConfig(name, server, logger, functions, List.copyOf(warnings));
  }

  private Object parse() throws ConfigException {
    if (Files.isDirectory(file)) {
      throw new ConfigException("config file " + file + " is a directory; name the YAML file itself");
    }
    try (InputStream in = Files.newInputStream(file)) {
      // what Yaml.load does, without building the Yaml facade's representer and dumper (start-up time)
      LoaderOptions options = new LoaderOptions();
      SafeConstructor constructor = new SafeConstructor(options);
      // as Baetyl's own YAML parser does: a repeated key is an error, not a silent "last one wins" (the
      // constructor does not take this from the options: the Yaml facade sets it the same way)
      constructor.setAllowDuplicateKeys(false);
      constructor.setComposer(new Composer(
          new ParserImpl(new StreamReader(new UnicodeReader(in)), options), new Resolver(), options));
      return constructor.getSingleData(Object.class);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist (working directory "
          + Path.of("").toAbsolutePath() + "); mount it there or pass -c FILE");
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
    } catch (YAMLException e) {
      if (e.getCause() instanceof CharacterCodingException) {
        throw new ConfigException("config file " + file + " is not UTF-8 text (nor UTF-16 with a byte order mark);"
            + " save it as UTF-8");
      }
      throw new ConfigException("config file " + file + " is not valid YAML: "
          + e.getMessage().replaceAll("\\s+", " ").strip());
    }
  }

  private Server server(Map<String, Object> server) throws ConfigException {
    known(server, "server.", "address", "workers", "concurrent", "message", "timeout", "ca", "key", "cert");
    String address = firstEnv(ADDRESS_VARIABLES);
    String addressKey = address == null ? "server.address" : envName(ADDRESS_VARIABLES);
    if (address == null) {
      address = string(server, "server.", "address", false);
    }
    if (address == null) {
      address = RuntimeConfig.DEFAULT_ADDRESS;
    }
    String[] hostPort = hostPort(address, addressKey);

    Map<String, Object> workers = section(server.get("workers"), "server.workers");
    known(workers, "server.workers.", "max");
    Map<String, Object> concurrent = section(server.get("concurrent"), "server.concurrent");
    known(concurrent, "server.concurrent.", "max");
    Map<String, Object> message = section(server.get("message"), "server.message");
    known(message, "server.message.", "length");
    Map<String, Object> length = section(message.get("length"), "server.message.length");
    known(length, "server.message.length.", "max");

    int workersMax = positiveInt(workers, "server.workers.max", RuntimeConfig.DEFAULT_WORKERS);
    int concurrentMax = positiveInt(concurrent, "server.concurrent.max", RuntimeConfig.DEFAULT_CONCURRENT);
    int lengthMax = positiveInt(length, "server.message.length.max", RuntimeConfig.DEFAULT_MESSAGE_LENGTH);
    Duration timeout = duration(server.get("timeout"), "server.timeout", RuntimeConfig.DEFAULT_TIMEOUT);

    Path cert = file(server, "cert");
    Path key = file(server, "key");
    Path ca = file(server, "ca");
    Tls tls = null;
    if (key != null || cert != null || ca != null) {
      if (cert == null) {
        throw new ConfigException(file + ": 'server.cert' is required when 'server.key' or 'server.ca' is set");
      }
      if (key == null) {
        throw new ConfigException(file + ": 'server.key' is required when 'server.cert' is set");
      }
      tls = new Tls(cert, key, ca);
    }
    return new Server(hostPort[0], Integer.parseInt(hostPort[1]), workersMax, concurrentMax, lengthMax, timeout,
        tls);
  }

  private String[] hostPort(String address, String key) throws ConfigException {
    String value = address.strip();
    if (value.startsWith("tcp://")) {
      value = value.substring("tcp://".length());
    }
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? "" : value.substring(0, colon);
    String port = colon < 0 ? "" : value.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new ConfigException(where(key) + " must be host:port with an IPv6 address in brackets (like"
          + " [::1]:50051), got '" + address + "'");
    }
    boolean validPort = port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535;
    if (host.isEmpty() || !validPort) {
      throw new ConfigException(where(key) + " must be host:port (like 0.0.0.0:50051), got '" + address + "'");
    }
    return new String[] {host, port};
  }

  private Logger logger(Map<String, Object> logger) throws ConfigException {
    known(logger, "logger.", LOGGER_KEYS);
    for (String unused : UNUSED_LOGGER_KEYS) {
      if (logger.containsKey(unused)) {
        warnings.add(file + ": 'logger." + unused + "' is not used by the Java runtime and is ignored (it writes"
            + " text lines, to logger.path or else stdout, rotated hourly)");
      }
    }
    String path = string(logger, "logger.", "path", false);
    String level = string(logger, "logger.", "level", false);
    level = level == null ? "info" : level.strip().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw new ConfigException(file + ": 'logger.level' must be one of debug, info, warn, error, got '"
          + level + "'");
    }
    Map<String, Object> age = section(logger.get("age"), "logger.age");
    known(age, "logger.age.", "max");
    Map<String, Object> backup = section(logger.get("backup"), "logger.backup");
    known(backup, "logger.backup.", "max");
    int ageMax = positiveInt(age, "logger.age.max", 15);
    int backupMax = positiveInt(backup, "logger.backup.max", 15);
    return new Logger(path == null || path.isBlank() ? null : Path.of(path), level, ageMax, backupMax);
  }

  private List<FunctionSpec> functions(Object value) throws ConfigException {
    if (value == null) {
      throw new ConfigException(file + ": 'functions' is required: list each function's name, handler and codedir");
    }
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw new ConfigException(file + ": 'functions' must be a non-empty list of {name, handler, codedir}");
    }
    List<FunctionSpec> functions = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String prefix = "functions[" + i + "].";
      Map<String, Object> entry = section(list.get(i), "functions[" + i + "]");
      known(entry, prefix, "name", "handler", "codedir");
      String name = string(entry, prefix, "name", true);
      String handler = string(entry, prefix, "handler", true);
      String codedir = string(entry, prefix, "codedir", true);
      if (!names.add(name)) {
        throw new ConfigException(file + ": '" + prefix + "name' repeats the function name '" + name + "'");
      }
      functions.add(new FunctionSpec(name, handler, Path.of(codedir)));
    }
    return List.copyOf(functions);
  }

  private Path file(Map<String, Object> server, String key) throws ConfigException {
    String value = string(server, "server.", key, false);
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      // as in Baetyl's Go config, an empty value is no value; said, since it may also mean a lost template value
      warnings.add(file + ": 'server." + key + "' is empty, so it is not set" + (key.equals("ca") ? ""
          : " (with neither server.cert nor server.key set, the runtime serves without TLS)"));
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      throw new ConfigException(file + ": 'server." + key + "' names " + path + ", which is not a readable file");
    }
    return path;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> section(Object value, String key) throws ConfigException {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      if (key.isEmpty()) {
        throw new ConfigException(file + ": the document must be a mapping of name, server, logger and functions");
      }
      throw new ConfigException(where(key) + " must be a mapping");
    }
    return (Map<String, Object>) value;
  }

  private void known(Map<String, Object> map, String prefix, String... keys) {
    Set<String> allowed = Set.of(keys);
    for (Object key : map.keySet()) {
      if (!allowed.contains(String.valueOf(key))) {
        unknownKeys.add(prefix + key);
        warnings.add(file + ": unknown key '" + prefix + key + "' is ignored");
      }
    }
  }

  /** A required key is often there, misspelt: name the unknown keys beside it. */
  private String typoHint(String prefix) {
    List<String> beside = unknownKeys.stream()
        .filter(k -> k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0).toList();
    return beside.isEmpty() ? "" : " (unknown key" + (beside.size() > 1 ? "s " : " ") + "'"
        + String.join("', '", beside) + "' found there: misspelt?)";
  }

  private String string(Map<String, Object> map, String prefix, String key, boolean required)
      throws ConfigException {
    Object value = map.get(key);
    if (value == null || (required && String.valueOf(value).isBlank())) {
      if (required) {
        throw new ConfigException(file + ": '" + prefix + key + "' is required" + typoHint(prefix));
      }
      return null;
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new ConfigException(file + ": '" + prefix + key + "' must be a string");
    }
    return String.valueOf(value);
  }

  private int positiveInt(Map<String, Object> map, String key, int defaultValue) throws ConfigException {
    Object value = map.get(key.substring(key.lastIndexOf('.') + 1));
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Integer i && i > 0) {
      return i;
    }
    if ((value instanceof Long || value instanceof BigInteger) && ((Number) value).doubleValue() > 0) {
      throw new ConfigException(file + ": '" + key + "' must be at most " + Integer.MAX_VALUE + ", got '" + value
          + "'");
    }
    throw new ConfigException(file + ": '" + key + "' must be a positive integer, got '" + value + "'");
  }

  private Duration duration(Object value, String key, Duration defaultValue) throws ConfigException {
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof BigInteger) {
      throw durationTooLong(key, value);
    }
    Duration duration = null;
    if (value instanceof Integer || value instanceof Long) {
      duration = Duration.ofNanos(((Number) value).longValue());
      if (duration.toNanos() > 0 && duration.toNanos() < 1_000_000) {
        warnings.add(file + ": '" + key + "' is " + value + " nanoseconds (a bare number is nanoseconds, as in"
            + " Baetyl's Go code); write " + value + "s for seconds");
      }
    } else if (value instanceof String text) {
      try {
        duration = GoDuration.parse(text);
      } catch (ArithmeticException e) {
        throw durationTooLong(key, value);
      }
    }
    if (duration == null || duration.isNegative()) {
      throw new ConfigException(file + ": '" + key + "' must be a duration like 10s, 1m30s, 500ms or integer"
          + " nanoseconds, got '" + value + "'");
    }
    return duration;
  }

  private ConfigException durationTooLong(String key, Object value) {
    return new ConfigException(file + ": '" + key + "' is too long (at most 2562047h, as in Go), got '" + value
        + "'");
  }

  private String firstEnv(List<String> variables) {
    for (String variable : variables) {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private String envName(List<String> variables) {
    for (String variable : variables) {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        return "$" + variable;
      }
    }
    return null;
  }

  private String where(String key) {
    return key.startsWith("$") ? "environment variable " + key.substring(1) : file + ": '" + key + "'";
  }
}
