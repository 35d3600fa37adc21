package io.baetyl.function.runtime.loading;

/** A handler string that cannot be found, loaded or bound; the message is one sentence with the fix. */
public final class HandlerResolutionException extends Exception {

  private final String functionName;
  private final String handler;

  HandlerResolutionException(String functionName, String handler, String cause, String fix, Throwable error) {
    super("function '" + functionName + "' handler '" + handler + "': " + cause + "; " + fix + ".", error);
    this.functionName = functionName;
    this.handler = handler;
  }

  public String functionName() {
    return functionName;
  }

  public String handler() {
    return handler;
  }
}
