package io.baetyl.function.runtime.loading;

import io.baetyl.function.api.Context;
import io.baetyl.function.api.Handler;
import java.lang.invoke.MethodHandle;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The executors, one small class per handler kind. */
final class Executors {

  private Executors() {}

  /** A class implementing {@link Handler}. */
  record ApiHandlerExecutor(Handler<Object, Object> handler) implements HandlerExecutor {
    @Override
    public Object execute(Object input, Context context) throws Exception {
      return handler.handle(input, context);
    }
  }

  /** A class implementing {@link Function}. */
  record FunctionExecutor(Function<Object, Object> function) implements HandlerExecutor {
    @Override
    public Object execute(Object input, Context context) {
      return function.apply(input);
    }
  }

  /** A class implementing {@link BiFunction} with the context as second argument. */
  record BiFunctionExecutor(BiFunction<Object, Object, Object> function) implements HandlerExecutor {
    @Override
    public Object execute(Object input, Context context) {
      return function.apply(input, context);
    }
  }

  /** A named static or instance method, adapted once to {@code (Object, Context) -> Object}. */
  record MethodHandleExecutor(MethodHandle method) implements HandlerExecutor {
    @Override
    public Object execute(Object input, Context context) throws Throwable {
      return (Object) method.invokeExact(input, context);
    }
  }
}
