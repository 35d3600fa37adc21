package io.baetyl.function.runtime.binding;

/** A payload that cannot become the handler's declared input type. */
public final class BindingException extends Exception {

  public BindingException(String message) {
    super(message);
  }
}
