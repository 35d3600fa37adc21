package io.baetyl.function.runtime.invoke;

/**
 * A call that failed, as a gRPC caller sees it: a status code name ({@code UNKNOWN},
 * {@code INVALID_ARGUMENT}, {@code NOT_FOUND}, ...) and the exact description.
 */
public final class CallFailure extends Exception {

  private final String code;
  private final String description;

  public CallFailure(String code, String description) {
    this(code, description, null);
  }

  public CallFailure(String code, String description, Throwable cause) {
    super(code + ": " + description, cause, false, false);
    this.code = code;
    this.description = description;
  }

  /** The gRPC status code name, e.g. {@code UNKNOWN}. */
  public String code() {
    return code;
  }

  /** The status description the caller receives. */
  public String description() {
    return description;
  }
}
