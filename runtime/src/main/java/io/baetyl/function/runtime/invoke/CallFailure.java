package io.baetyl.function.runtime.invoke;

/**
 * A call that failed, as a gRPC caller sees it: a status code name ({@code UNKNOWN},
 * {@code INVALID_ARGUMENT}, {@code NOT_FOUND}, ...) and the exact description.
 */
public final class CallFailure extends Exception {

  /**
   * The longest description a caller gets: it travels in an HTTP/2 trailer, and gRPC clients refuse header lists
   * over 8 KiB (a handler's megabyte-long exception message would turn its UNKNOWN into an INTERNAL error).
   */
  static final int MAX_DESCRIPTION = 1000;

  private final String code;
  private final String description;

  public CallFailure(String code, String description) {
    this(code, description, null);
  }

  public CallFailure(String code, String description, Throwable cause) {
    super(code + ": " + shortened(description), cause, false, false);
    this.code = code;
    this.description = shortened(description);
  }

  static String shortened(String text) {
    if (text == null || text.length() <= MAX_DESCRIPTION) {
      return text;
    }
    return text.substring(0, MAX_DESCRIPTION) + "... (" + (text.length() - MAX_DESCRIPTION) + " more characters)";
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
