package io.baetyl.function.runtime.invoke;

import io.baetyl.function.runtime.binding.BindingException;
import io.baetyl.function.runtime.binding.EncodingException;
import io.baetyl.function.runtime.binding.PayloadBinder;
import io.baetyl.function.runtime.loading.ResolvedHandler;
import io.baetyl.function.runtime.logging.JulLogger;

/**
 * The in-process call path of one function, bind -> invoke -> encode, shared by the gRPC service and
 * the test kit so both behave exactly alike.
 */
public final class FunctionInvoker {

  public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  public static final String UNKNOWN = "UNKNOWN";

  private final ResolvedHandler handler;
  private final PayloadBinder binder;
  private final System.Logger logger;

  public FunctionInvoker(ResolvedHandler handler) {
    this.handler = handler;
    this.binder = new PayloadBinder(handler.inputType());
    this.logger = JulLogger.named("baetyl.function." + handler.functionName());
  }

  public String functionName() {
    return handler.functionName();
  }

  public ResolvedHandler handler() {
    return handler;
  }

  /**
   * Runs the handler for one request and returns the reply payload.
   *
   * @throws CallFailure {@code INVALID_ARGUMENT} for a payload that does not bind, {@code UNKNOWN} with
   *     {@code [UserCodeInvoke] ...} for an exception from user code and {@code [UserCodeReturn] ...}
   *     for a result that cannot be encoded; the user code's exception is the cause, for the
   *     caller to log (the server logs it, the test kit hands it to the test)
   */
  public byte[] call(CallRequest request) throws CallFailure {
    Object input;
    try {
      input = binder.bind(request.payload());
    } catch (BindingException e) {
      // the name called (the server routes by it; the test kit lets a test set it)
      throw new CallFailure(INVALID_ARGUMENT, "function '" + request.functionName() + "': " + e.getMessage());
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(handler.classLoader());
    try {
      Object result;
      try {
        result = handler.invoke(input, new CallContext(request, logger));
      } catch (Throwable error) {
        rethrowIfFatal(error);
        throw new CallFailure(UNKNOWN, "[UserCodeInvoke] " + describe(error), error);
      }
      try {
        return binder.encode(result);
      } catch (EncodingException e) {
        throw new CallFailure(UNKNOWN, "[UserCodeReturn] " + e.getMessage(), e);
      }
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * A full heap ends the JVM (ExitOnOutOfMemoryError); a handler's own deep recursion, or a thread it could not
   * start (the pids limit: the JVM keeps running), is that handler's failure, reported to the caller.
   */
  private static void rethrowIfFatal(Throwable error) {
    boolean handlersOwn = error instanceof StackOverflowError || isThreadLimit(error);
    if (error instanceof VirtualMachineError && !handlersOwn) {
      throw (VirtualMachineError) error;
    }
  }

  /**
   * Whether {@code error} is the JVM failing to start a thread (the container's pids limit), an
   * {@code OutOfMemoryError} after which the JVM keeps running, unlike a full heap.
   */
  public static boolean isThreadLimit(Throwable error) {
    return error instanceof OutOfMemoryError
        && String.valueOf(error.getMessage()).startsWith("unable to create native thread");
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null ? error.getClass().getName() : error.getClass().getName() + ": " + message;
  }
}
