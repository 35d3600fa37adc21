package io.baetyl.function.runtime.loading;

import io.baetyl.function.api.Context;

/**
 * One way of calling user code, chosen once at start-up so the call path never branches on the
 * handler kind and never looks anything up reflectively.
 */
interface HandlerExecutor {

  Object execute(Object input, Context context) throws Throwable;
}
