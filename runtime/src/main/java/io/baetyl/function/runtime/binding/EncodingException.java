package io.baetyl.function.runtime.binding;

/** A handler result that cannot be written as a reply payload. */
public final class EncodingException extends Exception {

  public EncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
