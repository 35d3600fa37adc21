package io.baetyl.function.test;

/** A call that failed the way a gRPC caller would see it: status code name and description. */
public final class FunctionCallException extends RuntimeException {

  private final String status;
  private final String description;

  FunctionCallException(String status, String description, Throwable cause) {
    super(status + ": " + description, cause);
    this.status = status;
    this.description = description;
  }

  /** The gRPC status code name, e.g. {@code "UNKNOWN"} or {@code "INVALID_ARGUMENT"}. */
  public String status() {
    return status;
  }

  /** The status description, e.g. {@code "[UserCodeInvoke] java.lang.IllegalStateException: boom"}. */
  public String description() {
    return description;
  }
}
