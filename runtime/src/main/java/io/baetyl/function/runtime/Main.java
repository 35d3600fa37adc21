package io.baetyl.function.runtime;

import io.baetyl.function.runtime.config.ConfigException;
import io.baetyl.function.runtime.config.ConfigLoader;
import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.config.RuntimeConfig.FunctionSpec;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.loading.FunctionClassLoader;
import io.baetyl.function.runtime.loading.HandlerResolutionException;
import io.baetyl.function.runtime.loading.HandlerResolver;
import io.baetyl.function.runtime.logging.Logging;
import io.baetyl.function.runtime.server.RuntimeServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import sun.misc.Signal;

/**
 * {@code baetyl-function-runtime [-c FILE]}: read the config, load every function, serve
 * {@code baetyl.Function/Call}, drain and exit 0 on SIGTERM. Any start-up problem is one line on stderr
 * and exit code 1, with nothing left listening.
 */
public final class Main {

  private static final System.Logger LOG = System.getLogger("baetyl.runtime");

  private Main() {}

  public static void main(String[] args) {
    lowFootprintDefaults();
    RuntimeConfig config;
    Map<String, FunctionInvoker> functions;
    Handler logHandler;
    try {
      config = ConfigLoader.load(configPath(args), System.getenv());
      logHandler = Logging.configure(config.logger());
    } catch (ConfigException | IllegalArgumentException e) {
      exit(e.getMessage());
      return;
    } catch (IOException e) {
      exit("'logger.path' cannot be written: " + e);
      return;
    }
    // handled from the start: a SIGTERM during start-up stops the runtime as soon as it is up
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    LOG.log(System.Logger.Level.INFO, "service starting"
        + (config.name() == null ? "" : " (" + config.name() + ")"));
    config.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
    try {
      functions = loadFunctions(config);
    } catch (HandlerResolutionException e) {
      LOG.log(System.Logger.Level.ERROR, e.getMessage(), e);
      exit(e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      exit(e.getMessage());
      return;
    }
    RuntimeServer server;
    try {
      server = RuntimeServer.start(config.server(), functions);
    } catch (IOException | RuntimeException e) {
      exit("cannot listen on " + config.server().address() + " (server.address or "
          + "BAETYL_SERVICE_INSTANCE_ADDRESS): " + rootMessage(e));
      return;
    }
    LOG.log(System.Logger.Level.INFO, "service started, listening on " + config.server().host() + ":" + server.port()
        + (config.server().tls() == null ? "" : " (TLS)") + ", functions " + functions.keySet());
    awaitSignalThenStop(stop, server, config, logHandler);
  }

  private static void awaitSignalThenStop(CountDownLatch stop, RuntimeServer server, RuntimeConfig config,
      Handler logHandler) {
    try {
      stop.await();
      LOG.log(System.Logger.Level.INFO, "service stopping, draining calls in flight for up to "
          + config.server().timeout().toMillis() + " ms");
      boolean drained = server.stop(config.server().timeout());
      if (!drained) {
        LOG.log(System.Logger.Level.WARNING, "calls still running after server.timeout were cancelled");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.log(System.Logger.Level.INFO, "service closed");
    logHandler.flush();
    System.exit(0);
  }

  private static Map<String, FunctionInvoker> loadFunctions(RuntimeConfig config)
      throws HandlerResolutionException {
    Map<String, FunctionInvoker> functions = new LinkedHashMap<>();
    for (FunctionSpec spec : config.functions()) {
      if (!Files.isDirectory(spec.codedir())) {
        throw new IllegalArgumentException("function '" + spec.name() + "' handler '" + spec.handler()
            + "': codedir " + spec.codedir().toAbsolutePath() + " is not a directory; mount the function's code"
            + " there or fix functions[].codedir.");
      }
      FunctionClassLoader loader = FunctionClassLoader.forCodeDir(spec.name(), spec.codedir());
      FunctionInvoker invoker = new FunctionInvoker(HandlerResolver.resolve(spec.name(), spec.handler(), loader));
      functions.put(spec.name(), invoker);
      LOG.log(System.Logger.Level.INFO, "function " + spec.name() + " loaded: " + invoker.handler());
    }
    return functions;
  }

  private static Path configPath(String[] args) throws ConfigException {
    Path path = ConfigLoader.DEFAULT_PATH;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-c") || arg.equals("--config")) {
        if (i + 1 == args.length) {
          throw new ConfigException("option " + arg + " needs a file: -c FILE");
        }
        path = Path.of(args[++i]);
      } else if (arg.startsWith("--config=")) {
        path = Path.of(arg.substring("--config=".length()));
      } else {
        throw new ConfigException("unknown argument '" + arg + "'; usage: baetyl-function-runtime [-c FILE]");
      }
    }
    return path;
  }

  /** Netty reads these once, when its classes load: set them before any server class is touched. */
  private static void lowFootprintDefaults() {
    setDefault("io.grpc.netty.shaded.io.netty.allocator.type", "unpooled");
    setDefault("io.grpc.netty.shaded.io.netty.recycler.maxCapacityPerThread", "0");
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

  private static void exit(String line) {
    System.err.println(line.replaceAll("[\\r\\n]+", " "));
    System.exit(1);
  }
}
