package io.baetyl.function.image.runtime;

import java.util.function.Function;

/**
 * The function the class-data-sharing training run serves: it returns its input, so a call goes
 * through the runtime's whole path (JSON binding, invocation, JSON encoding). Copied into the
 * training code directory; never part of an image.
 */
public final class TrainingEcho implements Function<Object, Object> {

  @Override
  public Object apply(Object input) {
    return input;
  }
}
