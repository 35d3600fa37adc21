package io.baetyl.function.test;

import io.baetyl.function.runtime.binding.PayloadBinder;
import io.baetyl.function.runtime.invoke.CallFailure;
import io.baetyl.function.runtime.invoke.CallRequest;
import io.baetyl.function.runtime.invoke.FunctionInvoker;
import io.baetyl.function.runtime.loading.HandlerResolutionException;
import io.baetyl.function.runtime.loading.HandlerResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

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

  private FunctionTester(FunctionInvoker invoker, String functionName, String topic, int qos, long timestamp,
      String invokeId, Duration timeout) {
    this.invoker = invoker;
    this.functionName = functionName;
    this.topic = topic;
    this.qos = qos;
    this.timestamp = timestamp;
    this.invokeId = invokeId;
    this.timeout = timeout;
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
    String functionName = defaultFunctionName(handler);
    try {
      FunctionInvoker invoker = new FunctionInvoker(HandlerResolver.resolve(functionName, handler, loader));
      return new FunctionTester(invoker, functionName, "", 0, 0L, "00000000-0000-0000-0000-000000000000",
          Duration.ofSeconds(30));
    } catch (HandlerResolutionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String defaultFunctionName(String handler) {
    if (handler == null) {
      return "function";
    }
    String name = handler.strip();
    int separator = name.indexOf("::");
    if (separator >= 0) {
      name = name.substring(0, separator);
    }
    return name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** The {@code FunctionName} the handler sees in its context (default: the class's simple name, lower case). */
  public FunctionTester withFunctionName(String name) {
    return new FunctionTester(invoker, Objects.requireNonNull(name, "name"), topic, qos, timestamp, invokeId,
        timeout);
  }

  public FunctionTester withTopic(String newTopic) {
    return new FunctionTester(invoker, functionName, Objects.requireNonNull(newTopic, "topic"), qos, timestamp,
        invokeId, timeout);
  }

  public FunctionTester withQos(int newQos) {
    return new FunctionTester(invoker, functionName, topic, newQos, timestamp, invokeId, timeout);
  }

  /** Unix seconds, as the function manager sets them. */
  public FunctionTester withTimestamp(long newTimestamp) {
    return new FunctionTester(invoker, functionName, topic, qos, newTimestamp, invokeId, timeout);
  }

  public FunctionTester withInvokeId(String newInvokeId) {
    return new FunctionTester(invoker, functionName, topic, qos, timestamp,
        Objects.requireNonNull(newInvokeId, "invokeId"), timeout);
  }

  /** The deadline the handler's {@code remainingTime()} counts down from (default 30 s, like the manager). */
  public FunctionTester withTimeout(Duration newTimeout) {
    return new FunctionTester(invoker, functionName, topic, qos, timestamp, invokeId,
        Objects.requireNonNull(newTimeout, "timeout"));
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
    try {
      return new FunctionReply(invoker.call(request));
    } catch (CallFailure failure) {
      throw new FunctionCallException(failure.code(), failure.description(), failure.getCause());
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
