package io.baetyl.function.runtime.loading;

import io.baetyl.function.api.Context;
import java.lang.reflect.Type;

/** A handler string resolved once: what to bind the payload to, and how to call the user code. */
public final class ResolvedHandler {

  /** How the user code is called. */
  public enum Kind { HANDLER, FUNCTION, BI_FUNCTION, STATIC_METHOD, INSTANCE_METHOD }

  private final String functionName;
  private final String handler;
  private final Kind kind;
  private final Type inputType;
  private final ClassLoader classLoader;
  private final HandlerExecutor executor;

  ResolvedHandler(String functionName, String handler, Kind kind, Type inputType, ClassLoader classLoader,
      HandlerExecutor executor) {
    this.functionName = functionName;
    this.handler = handler;
    this.kind = kind;
    this.inputType = inputType;
    this.classLoader = classLoader;
    this.executor = executor;
  }

  public String functionName() {
    return functionName;
  }

  public String handler() {
    return handler;
  }

  public Kind kind() {
    return kind;
  }

  /** The declared input type the payload is bound to ({@code Object} when there is no input parameter). */
  public Type inputType() {
    return inputType;
  }

  /** The loader the handler came from; the caller makes it the thread context loader during a call. */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** Calls the user code; whatever it throws is passed on unchanged. */
  public Object invoke(Object input, Context context) throws Throwable {
    return executor.execute(input, context);
  }

  @Override
  public String toString() {
    return functionName + " -> " + handler + " (" + kind + ")";
  }
}
