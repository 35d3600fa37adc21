package io.baetyl.function.runtime;

import io.baetyl.function.runtime.config.ConfigException;
import io.baetyl.function.runtime.config.ConfigLoader;
import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.config.RuntimeConfig.FunctionSpec;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.loading.FunctionClassLoader;
import io.baetyl.function.runtime.loading.HandlerResolutionException;
import io.baetyl.function.runtime.loading.HandlerResolver;
import io.baetyl.function.runtime.logging.JulLogger;
import io.baetyl.function.runtime.logging.Logging;
import io.baetyl.function.runtime.server.RuntimeServer;
import io.baetyl.function.runtime.server.ServerWarmUp;
import io.baetyl.function.runtime.server.TlsContexts;
import io.baetyl.function.runtime.server.TlsContexts.TlsSetupException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Handler;

/**
 * {@code baetyl-function-runtime [-c FILE]}: read the config, load every function, serve
 * {@code baetyl.Function/Call}, drain and exit 0 on SIGTERM. Any start-up problem is one line on stderr
 * and exit code 1, with nothing left listening.
 */
public final class Main {

  private static final System.Logger LOG = JulLogger.named("baetyl.runtime");
  private static final String USAGE = "usage: baetyl-function-runtime [-c FILE]";

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.println(USAGE + "\n  -c, --config FILE  the config file (default " + ConfigLoader.DEFAULT_PATH
          + ", relative to the working directory)");
      return;
    }
    // a SIGTERM from here on (even during start-up) stops the runtime with exit 0 as soon as it is up
    Stopper stopper = new Stopper();
    lowFootprintDefaults();
    ServerWarmUp warmUp = ServerWarmUp.start();
    RuntimeConfig config;
    Handler logHandler;
    try {
      config = ConfigLoader.load(configPath(args), System.getenv());
    } catch (ConfigException e) {
      stopper.exitOnStartupFailure(e.getMessage());
      return;
    }
    try {
      logHandler = Logging.configure(config.logger());
      stopper.logTo(logHandler, config.logger().path() != null);
    } catch (IOException e) {
      stopper.exitOnStartupFailure("'logger.path' names " + config.logger().path() + ", which cannot be written: "
          + describeIo(e));
      return;
    }
    LOG.log(System.Logger.Level.INFO, "service starting"
        + (config.name() == null ? "" : " (" + config.name() + ")"));
    config.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
    RuntimeServer server;
    try {
      // address and TLS first: their errors need no function loaded
      InetSocketAddress address = listenAddress(config.server());
      SslContext ssl = null;
      if (config.server().tls() != null) {
        warmUp.await(); // TLS set-up initialises Netty classes too: never on two threads at once
        ssl = TlsContexts.serverContext(config.server().tls());
      }
      Map<String, FunctionInvoker> functions = loadFunctions(config, stopper);
      stopper.loading(null);
      warmUp.await();
      server = listen(config.server(), address, ssl, functions);
    } catch (StartupException e) {
      // the message goes to stderr below; on stdout too it would show twice where both end up in one log
      if (config.logger().path() != null) {
        LOG.log(System.Logger.Level.ERROR, e.getMessage());
      }
      if (e.getCause() != null) {
        LOG.log(System.Logger.Level.DEBUG, "cause", e.getCause());
      }
      logHandler.flush();
      stopper.exitOnStartupFailure(e.getMessage());
      return;
    } catch (TlsSetupException e) {
      stopper.exitOnStartupFailure(e.getMessage());
      return;
    }
    LOG.log(System.Logger.Level.INFO, "service started, listening on " + config.server().host() + ":" + server.port()
        + (config.server().tls() == null ? "" : " (TLS)") + ", functions " + server.functionNames());
    stopper.awaitSignalThenStop(server, config.server().timeout());
  }

  private static InetSocketAddress listenAddress(RuntimeConfig.Server server) throws StartupException {
    try {
      // a literal IP is parsed, never looked up; a host name is resolved once, here
      return new InetSocketAddress(InetAddress.getByName(server.host()), server.port());
    } catch (UnknownHostException e) {
      throw new StartupException("cannot listen on " + server.address() + " (server.address or "
          + "BAETYL_SERVICE_INSTANCE_ADDRESS): host '" + server.host() + "' cannot be resolved", null);
    }
  }

  private static RuntimeServer listen(RuntimeConfig.Server config, InetSocketAddress address, SslContext ssl,
      Map<String, FunctionInvoker> functions) throws StartupException {
    try {
      return RuntimeServer.start(config, address, ssl, functions);
    } catch (IOException | RuntimeException e) {
      throw new StartupException("cannot listen on " + config.address() + " (server.address or "
          + "BAETYL_SERVICE_INSTANCE_ADDRESS): " + rootMessage(e), e);
    }
  }

  private static Map<String, FunctionInvoker> loadFunctions(RuntimeConfig config, Stopper stopper)
      throws StartupException {
    Map<String, FunctionInvoker> functions = new LinkedHashMap<>();
    for (FunctionSpec spec : config.functions()) {
      String prefix = "function '" + spec.name() + "' handler '" + spec.handler() + "': codedir "
          + spec.codedir().toAbsolutePath();
      if (!Files.exists(spec.codedir())) {
        throw new StartupException(prefix + " does not exist; mount the function's code there or fix"
            + " functions[].codedir.", null);
      }
      if (!Files.isDirectory(spec.codedir())) {
        throw new StartupException(prefix + " is not a directory; mount the function's code there or fix"
            + " functions[].codedir.", null);
      }
      if (isEmpty(spec.codedir())) {
        throw new StartupException(prefix + " is empty; mount the function's jar, lib/*.jar or classes/ there"
            + " or fix functions[].codedir.", null);
      }
      stopper.loading("function '" + spec.name() + "' (handler '" + spec.handler() + "')");
      try {
        FunctionClassLoader loader = FunctionClassLoader.forCodeDir(spec.name(), spec.codedir());
        FunctionInvoker invoker = new FunctionInvoker(HandlerResolver.resolve(spec.name(), spec.handler(), loader));
        functions.put(spec.name(), invoker);
        LOG.log(System.Logger.Level.INFO, "function " + spec.name() + " loaded: " + invoker.handler());
      } catch (HandlerResolutionException e) {
        throw new StartupException(e.getMessage(), e.getCause());
      } catch (UncheckedIOException | IllegalArgumentException e) {
        throw new StartupException(e.getMessage(), e.getCause());
      }
    }
    return functions;
  }

  private static boolean isEmpty(Path dir) throws StartupException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    } catch (IOException e) {
      throw new StartupException("codedir " + dir.toAbsolutePath() + " cannot be read: " + describeIo(e), e);
    }
  }

  private static Path configPath(String[] args) throws ConfigException {
    String file = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value;
      if (arg.equals("-c") || arg.equals("--config")) {
        if (i + 1 == args.length) {
          throw new ConfigException("option " + arg + " needs a file: -c FILE");
        }
        value = args[++i];
      } else if (arg.startsWith("--config=")) {
        value = arg.substring("--config=".length());
      } else {
        throw new ConfigException("unknown argument '" + arg + "'; " + USAGE);
      }
      if (value.isBlank()) {
        throw new ConfigException("option " + arg + " names no file: -c FILE");
      }
      if (file != null) {
        throw new ConfigException("the config file is given twice ('" + file + "' and '" + value + "'); " + USAGE);
      }
      file = value;
    }
    return file == null ? ConfigLoader.DEFAULT_PATH : Path.of(file);
  }

  /** Netty reads these once, when its classes load: set them before any server class is touched. */
  static void lowFootprintDefaults() {
    setDefault("io.grpc.netty.shaded.io.netty.allocator.type", "unpooled");
    setDefault("io.grpc.netty.shaded.io.netty.recycler.maxCapacityPerThread", "0");
    // the default leak detector records a stack trace for one buffer in 128: 2-3% of the CPU of a call under
    // load, for a debugging aid (-Dio.grpc.netty.shaded.io.netty.leakDetection.level=simple in
    // JAVA_TOOL_OPTIONS turns it back on)
    setDefault("io.grpc.netty.shaded.io.netty.leakDetection.level", "disabled");
    // we serve with NIO: without this, grpc's first use probes epoll, which copies Netty's native library
    // out of its jar into a temp directory and loads it (tens of ms, and a write the image may not allow)
    setDefault("io.grpc.netty.shaded.io.netty.transport.noNative", "true");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
  }

  /** The reason of a file-system error, without a stack trace and without the exception's class name. */
  static String describeIo(IOException error) {
    if (error instanceof FileSystemException fs) {
      String reason = fs.getReason() != null ? fs.getReason()
          : error instanceof NoSuchFileException ? "no such file or directory"
          : error instanceof AccessDeniedException ? "permission denied"
          : error instanceof FileAlreadyExistsException ? "it exists and is not a directory"
          : error.getClass().getSimpleName();
      return fs.getFile() == null ? reason : fs.getFile() + ": " + reason;
    }
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }

  /** A start-up failure: its message is the one line for stderr; the cause goes to the log at debug level. */
  private static final class StartupException extends Exception {
    StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
