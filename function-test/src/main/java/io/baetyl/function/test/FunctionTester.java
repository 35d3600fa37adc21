package io.baetyl.function.test;

import io.baetyl.function.runtime.binding.PayloadBinder;
import io.baetyl.function.runtime.config.RuntimeConfig;
import io.baetyl.function.runtime.invoke.CallFailure;
import io.baetyl.function.runtime.invoke.CallRequest;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.invoke.MessageSize;
import io.baetyl.function.runtime.loading.HandlerResolutionException;
import io.baetyl.function.runtime.loading.HandlerResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls a handler in a unit test exactly as the runtime does (same resolution, binding and encoding code),
 * without a server. Immutable: every {@code with...} returns a new tester.
 *
 * <pre>{@code
 * FunctionReply reply = FunctionTester.forHandler("com.example.SayHi::handle")
 *     .withTopic("t").call("{\"a\":1}");
 * }</pre>
 */
public final class FunctionTester {

  private final FunctionInvoker invoker;
  private final String functionName;
  private final String topic;
  private final int qos;
  private final long timestamp;
  private final String invokeId;
  private final Duration timeout;
  private final int messageLengthMax;

  private FunctionTester(FunctionInvoker invoker, String functionName, String topic, int qos, long timestamp,
      String invokeId, Duration timeout, int messageLengthMax) {
    this.invoker = invoker;
    this.functionName = functionName;
    this.topic = topic;
    this.qos = qos;
    this.timestamp = timestamp;
    this.invokeId = invokeId;
    this.timeout = timeout;
    this.messageLengthMax = messageLengthMax;
  }

  /**
   * A tester for {@code handler}, loaded from the test's class path (the thread context class loader).
   *
   * @throws IllegalArgumentException with the runtime's message if the handler cannot be resolved
   */
  public static FunctionTester forHandler(String handler) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return forHandler(handler, loader == null ? FunctionTester.class.getClassLoader() : loader);
  }

  /** A tester for {@code handler} loaded from {@code loader}. */
  public static FunctionTester forHandler(String handler, ClassLoader loader) {
    String functionName = defaultFunctionName(handler, loader);
    try {
      FunctionInvoker invoker = new FunctionInvoker(HandlerResolver.resolve(functionName, handler, loader));
      return new FunctionTester(invoker, functionName, "", 0, 0L, "00000000-0000-0000-0000-000000000000",
          Duration.ofSeconds(30), RuntimeConfig.DEFAULT_MESSAGE_LENGTH);
    } catch (HandlerResolutionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The handler's class's simple name in lower case, for every handler form. */
  private static String defaultFunctionName(String handler, ClassLoader loader) {
    if (handler == null) {
      return "function";
    }
    String name = handler.strip();
    int separator = name.indexOf("::");
    if (separator >= 0) {
      name = name.substring(0, separator);
    } else if (!loadable(name, loader) && name.lastIndexOf('.') > 0) {
      name = name.substring(0, name.lastIndexOf('.')); // pkg.Class.method
    }
    return name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean loadable(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The {@code FunctionName} the handler sees in its context (default: the class's simple name, lower case). */
  public FunctionTester withFunctionName(String name) {
    return new FunctionTester(invoker, Objects.requireNonNull(name, "name"), topic, qos, timestamp, invokeId,
        timeout, messageLengthMax);
  }

  public FunctionTester withTopic(String newTopic) {
    return new FunctionTester(invoker, functionName, Objects.requireNonNull(newTopic, "topic"), qos, timestamp,
        invokeId, timeout, messageLengthMax);
  }

  public FunctionTester withQos(int newQos) {
    return new FunctionTester(invoker, functionName, topic, newQos, timestamp, invokeId, timeout, messageLengthMax);
  }

  /** Unix seconds, as the function manager sets them. */
  public FunctionTester withTimestamp(long newTimestamp) {
    return new FunctionTester(invoker, functionName, topic, qos, newTimestamp, invokeId, timeout, messageLengthMax);
  }

  public FunctionTester withInvokeId(String newInvokeId) {
    return new FunctionTester(invoker, functionName, topic, qos, timestamp,
        Objects.requireNonNull(newInvokeId, "invokeId"), timeout, messageLengthMax);
  }

  /**
   * The call's deadline (default 30 s, like the manager's): the handler's {@code remainingTime()} counts down
   * from it, and a call still running when it passes is interrupted and fails with {@code DEADLINE_EXCEEDED},
   * as it would in an instance. The handler runs on the test's own thread.
   */
  public FunctionTester withTimeout(Duration newTimeout) {
    return new FunctionTester(invoker, functionName, topic, qos, timestamp, invokeId,
        Objects.requireNonNull(newTimeout, "timeout"), messageLengthMax);
  }

  /**
   * The instance's {@code server.message.length.max} (default 4194304): a larger request or reply fails with
   * {@code RESOURCE_EXHAUSTED}, as it would in an instance.
   */
  public FunctionTester withMessageLengthMax(int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("server.message.length.max must be positive, got " + max);
    }
    return new FunctionTester(invoker, functionName, topic, qos, timestamp, invokeId, timeout, max);
  }

  /** Calls with the UTF-8 bytes of {@code payload}. */
  public FunctionReply call(String payload) {
    return call(payload.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Calls with a raw payload.
   *
   * @throws FunctionCallException with the status and description a gRPC caller would get
   */
  public FunctionReply call(byte[] payload) {
    CallRequest request = CallRequest.of(qos, topic, timestamp, functionName, invokeId, payload.clone(), timeout);
    String requestTooLarge = MessageSize.requestTooLarge(MessageSize.of(0, request, payload.length),
        messageLengthMax);
    if (requestTooLarge != null) {
      throw new FunctionCallException("RESOURCE_EXHAUSTED", requestTooLarge, null);
    }
    byte[] reply;
    try (Deadline deadline = new Deadline(Thread.currentThread(), timeout)) {
      try {
        reply = invoker.call(request);
      } catch (CallFailure failure) {
        deadline.checkNotPassed();
        throw new FunctionCallException(failure.code(), failure.description(), failure.getCause());
      }
      deadline.checkNotPassed();
    }
    String tooLarge = MessageSize.tooLarge(functionName, MessageSize.of(0, request, reply.length), messageLengthMax);
    if (tooLarge != null) {
      throw new FunctionCallException("RESOURCE_EXHAUSTED", tooLarge, null);
    }
    return new FunctionReply(reply);
  }

  /** Interrupts the calling thread if the call is still running when its deadline passes, as an instance does. */
  private static final class Deadline implements AutoCloseable {
    private final Thread caller;
    private final Duration timeout;
    private final CompletableFuture<Void> timer;
    private boolean finished;
    private boolean passed;

    Deadline(Thread caller, Duration timeout) {
      this.caller = caller;
      this.timeout = timeout;
      this.timer = CompletableFuture.runAsync(this::pass,
          CompletableFuture.delayedExecutor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
    }

    private synchronized void pass() {
      if (!finished) {
        passed = true;
        caller.interrupt();
      }
    }

    /** Ends the watch; the interrupt it may have caused is cleared, and a passed deadline is the call's error. */
    void checkNotPassed() {
      close();
      if (passed) {
        throw new FunctionCallException("DEADLINE_EXCEEDED", "deadline exceeded: the handler was still running "
            + timeout.toMillis() + " ms after the call started (withTimeout), and was interrupted", null);
      }
    }

    @Override
    public synchronized void close() {
      if (!finished) {
        finished = true;
        timer.cancel(false);
        if (passed) {
          Thread.interrupted();
        }
      }
    }
  }

  /** Calls with {@code value} encoded as JSON. */
  public FunctionReply callJson(Object value) {
    try {
      return call(PayloadBinder.toJson(value));
    } catch (IOException e) {
      throw new IllegalArgumentException("the value cannot be written as JSON: " + e.getMessage(), e);
    }
  }
}
