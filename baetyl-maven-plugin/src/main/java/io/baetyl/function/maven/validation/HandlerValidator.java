package io.baetyl.function.maven.validation;

import io.baetyl.function.maven.config.ConfigException;
import io.baetyl.function.maven.config.FunctionSpec;
import io.baetyl.function.maven.config.ProjectLayout;
import io.baetyl.function.runtime.loading.FunctionClassLoader;
import io.baetyl.function.runtime.loading.HandlerResolutionException;
import io.baetyl.function.runtime.loading.HandlerResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every function's handler at build time with the runtime's own class loader and resolver, so a
 * wrong handler fails the build instead of the edge device. A function without a handler gets the
 * project's single handler class (see {@link HandlerDiscovery}).
 */
public final class HandlerValidator {

  /** Returns the functions with their handlers filled in, or fails with one sentence naming the fix. */
  public List<FunctionSpec> validate(List<FunctionSpec> functions, ProjectLayout layout) throws ConfigException {
    List<FunctionSpec> resolved = new ArrayList<>();
    for (FunctionSpec function : functions) {
      try (FunctionClassLoader loader = FunctionClassLoader.forClasspath(function.name(), layout.classpath())) {
        FunctionSpec withHandler = function.handler() != null ? function
            : function.withHandler(discover(function, layout, loader));
        HandlerResolver.resolve(withHandler.name(), withHandler.handler(), loader);
        resolved.add(withHandler);
      } catch (HandlerResolutionException e) {
        throw new ConfigException(e.getMessage(), e);
      } catch (IOException e) {
        throw new ConfigException("Cannot close the class loader of function '" + function.name() + "': " + e, e);
      }
    }
    return resolved;
  }

  private static String discover(FunctionSpec function, ProjectLayout layout, ClassLoader loader)
      throws ConfigException {
    List<String> candidates = HandlerDiscovery.candidates(layout.classesDirectory(), loader);
    String where = "set <handler> (-Dbaetyl.handler) or the function's <handler> in <functions>";
    if (candidates.isEmpty()) {
      throw new ConfigException("function '" + function.name() + "' has no handler and " + layout.classesDirectory()
          + " holds no handler class (a public class implementing Handler, Function or BiFunction, or with a "
          + "public handle method); " + where + ".");
    }
    // only what the runtime can really call counts: a class with a handle method but no usable constructor does not
    List<String> usable = new ArrayList<>();
    HandlerResolutionException firstProblem = null;
    for (String candidate : candidates) {
      try {
        HandlerResolver.resolve(function.name(), candidate, loader);
        usable.add(candidate);
      } catch (HandlerResolutionException e) {
        firstProblem = firstProblem == null ? e : firstProblem;
      }
    }
    if (usable.size() == 1) {
      return usable.get(0);
    }
    if (usable.isEmpty()) {
      if (candidates.size() == 1) {
        throw new ConfigException(firstProblem.getMessage(), firstProblem);
      }
      throw new ConfigException("function '" + function.name() + "' has no handler and none of the project's "
          + candidates.size() + " handler candidates " + candidates + " can be used (the first: "
          + firstProblem.getMessage() + "); fix one or " + where + ".", firstProblem);
    }
    throw new ConfigException("function '" + function.name() + "' has no handler and the project has "
        + usable.size() + " usable handlers " + usable + "; " + where + " to pick one.");
  }
}
