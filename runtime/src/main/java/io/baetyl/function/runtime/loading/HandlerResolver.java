package io.baetyl.function.runtime.loading;

import io.baetyl.function.api.Context;
import io.baetyl.function.api.Handler;
import io.baetyl.function.runtime.binding.PayloadBinder;
import io.baetyl.function.runtime.loading.Executors.ApiHandlerExecutor;
import io.baetyl.function.runtime.loading.Executors.BiFunctionExecutor;
import io.baetyl.function.runtime.loading.Executors.FunctionExecutor;
import io.baetyl.function.runtime.loading.Executors.MethodHandleExecutor;
import io.baetyl.function.runtime.loading.ResolvedHandler.Kind;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a handler string into a {@link ResolvedHandler}, once, at start-up (or at build time, or in a
 * test). Accepted forms: {@code pkg.Class::method}, {@code pkg.Class} (implementing {@link Handler},
 * {@link Function} or {@link BiFunction}) and the dotted {@code pkg.Class.method}.
 */
public final class HandlerResolver {

  private static final String FORMS = "pkg.Class::method, pkg.Class or pkg.Class.method";
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
  private static final Pattern IDENTIFIER =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");
  private static final String MISSING_CLASS_FIX = "put every class it needs into the codedir (*.jar,"
      + " lib/*.jar or classes/) and compile for Java " + Runtime.version().feature() + " or older";
  private static final MethodType EXECUTOR_TYPE = MethodType.methodType(Object.class, Object.class, Context.class);

  /**
   * Resolves {@code handler} for the function {@code functionName} against classes of {@code loader}.
   *
   * @throws HandlerResolutionException with one sentence naming the function, the handler, the cause and the fix
   */
  public static ResolvedHandler resolve(String functionName, String handler, ClassLoader loader)
      throws HandlerResolutionException {
    return new Resolution(functionName, handler == null ? "" : handler.strip(), loader).run();
  }

  /** The state of resolving one handler string. */
  private static final class Resolution {
    private final String functionName;
    private final String handler;
    private final ClassLoader loader;

    Resolution(String functionName, String handler, ClassLoader loader) {
      this.functionName = functionName;
      this.handler = handler;
      this.loader = loader;
    }

    ResolvedHandler run() throws HandlerResolutionException {
      try {
        return resolveForm();
      } catch (LinkageError | TypeNotPresentException e) {
        // reflection on the handler's class loads the classes its methods name: one missing from the codedir
        // surfaces here, not when the class itself loads
        throw fail("a class that the handler's class refers to cannot be loaded (" + describe(e) + ")",
            MISSING_CLASS_FIX, e);
      }
    }

    private ResolvedHandler resolveForm() throws HandlerResolutionException {
      if (handler.isEmpty()) {
        throw fail("the handler string is empty", "set it to " + FORMS);
      }
      int separator = handler.indexOf("::");
      if (separator >= 0) {
        String className = handler.substring(0, separator);
        String methodName = handler.substring(separator + 2);
        checkSyntax(className, methodName);
        Class<?> type = tryLoad(className);
        if (type == null) {
          throw classNotFound(className);
        }
        return method(type, methodName);
      }
      if (!QUALIFIED_NAME.matcher(handler).matches()) {
        throw fail("it is not a valid handler string", "use " + FORMS);
      }
      Class<?> type = tryLoad(handler);
      if (type != null) {
        return implementation(type);
      }
      int dot = handler.lastIndexOf('.');
      if (dot > 0) {
        Class<?> owner = tryLoad(handler.substring(0, dot));
        if (owner != null) {
          return method(owner, handler.substring(dot + 1));
        }
      }
      throw classNotFound(handler);
    }

    private void checkSyntax(String className, String methodName) throws HandlerResolutionException {
      if (!QUALIFIED_NAME.matcher(className).matches() || !IDENTIFIER.matcher(methodName).matches()) {
        throw fail("it is not a valid handler string", "use " + FORMS);
      }
    }

    private Class<?> tryLoad(String className) throws HandlerResolutionException {
      try {
        return notFromTheRuntime(Class.forName(className, true, loader));
      } catch (ClassNotFoundException e) {
        return null;
      } catch (ExceptionInInitializerError e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw fail("the static initializer of class " + className + " threw " + describe(cause),
            "fix the class's static initialization", cause);
      } catch (LinkageError e) {
        throw fail("class " + className + " cannot be loaded (" + describe(e) + ")", MISSING_CLASS_FIX, e);
      }
    }

    /** The JDK and our API are visible to every function, but a handler is the function's own code. */
    private Class<?> notFromTheRuntime(Class<?> type) throws HandlerResolutionException {
      ClassLoader origin = type.getClassLoader();
      if (origin == null || origin == ClassLoader.getPlatformClassLoader()) {
        throw fail("class " + type.getName() + " is part of the JDK, not of the function's code",
            "name a class of your own (in the codedir)");
      }
      if (type.getPackageName().equals(Handler.class.getPackageName())) {
        throw fail("class " + type.getName() + " is part of baetyl-function-api, not of the function's code",
            "name a class of your own (in the codedir)");
      }
      return type;
    }

    private ResolvedHandler implementation(Class<?> type) throws HandlerResolutionException {
      if (Handler.class.isAssignableFrom(type)) {
        @SuppressWarnings("unchecked")
        Handler<Object, Object> instance = (Handler<Object, Object>) instantiate(type);
        return resolved(Kind.HANDLER, inputType(type, "handle", 2), new ApiHandlerExecutor(instance));
      }
      if (BiFunction.class.isAssignableFrom(type)) {
        @SuppressWarnings("unchecked")
        BiFunction<Object, Object, Object> instance = (BiFunction<Object, Object, Object>) instantiate(type);
        return resolved(Kind.BI_FUNCTION, inputType(type, "apply", 2), new BiFunctionExecutor(instance));
      }
      if (Function.class.isAssignableFrom(type)) {
        @SuppressWarnings("unchecked")
        Function<Object, Object> instance = (Function<Object, Object>) instantiate(type);
        return resolved(Kind.FUNCTION, inputType(type, "apply", 1), new FunctionExecutor(instance));
      }
      throw fail("class " + type.getName() + " implements none of " + Handler.class.getName()
              + ", java.util.function.Function and java.util.function.BiFunction",
          "implement one of them, or name a method as " + type.getName() + "::method");
    }

    private ResolvedHandler method(Class<?> type, String methodName) throws HandlerResolutionException {
      List<Method> candidates = Arrays.stream(type.getMethods())
          .filter(m -> m.getName().equals(methodName) && !m.isBridge() && !m.isSynthetic()
              && m.getDeclaringClass() != Object.class)
          .toList();
      if (candidates.isEmpty()) {
        boolean hidden = Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(methodName));
        if (hidden) {
          throw fail("method " + methodName + " of class " + type.getName() + " is not public", "make it public");
        }
        throw fail("class " + type.getName() + " has no method named " + methodName,
            "check the method name after the class name");
      }
      if (candidates.size() > 1) {
        throw fail("class " + type.getName() + " has " + candidates.size() + " public methods named " + methodName,
            "keep one of them, overloads cannot be told apart");
      }
      Method method = candidates.get(0);
      Class<?>[] parameters = method.getParameterTypes();
      if (parameters.length > 2) {
        throw fail("method " + type.getName() + "." + methodName + " takes " + parameters.length + " parameters",
            "declare at most (input, context)");
      }
      if (parameters.length == 2 && parameters[1] != Context.class && parameters[1] != Map.class) {
        throw fail("the second parameter of " + type.getName() + "." + methodName + " is "
                + parameters[1].getName(),
            "declare it as " + Context.class.getName() + " or java.util.Map<String, Object>");
      }
      if (!Modifier.isPublic(type.getModifiers()) || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
        throw fail("class " + method.getDeclaringClass().getName() + " is not public", "make it public");
      }
      boolean isStatic = Modifier.isStatic(method.getModifiers());
      MethodHandle handle;
      try {
        handle = MethodHandles.publicLookup().unreflect(method);
      } catch (IllegalAccessException e) {
        throw fail("method " + type.getName() + "." + methodName + " is not accessible (" + e.getMessage() + ")",
            "make the method and its class public and exported", e);
      }
      if (!isStatic) {
        handle = handle.bindTo(instantiate(type));
      }
      checkNotJackson(method.getGenericReturnType(), "returns");
      Type input = parameters.length == 0 ? Object.class : method.getGenericParameterTypes()[0];
      return resolved(isStatic ? Kind.STATIC_METHOD : Kind.INSTANCE_METHOD, input,
          new MethodHandleExecutor(adapt(handle, parameters.length)));
    }

    private static MethodHandle adapt(MethodHandle handle, int parameterCount) {
      return switch (parameterCount) {
        case 0 -> MethodHandles.dropArguments(
            handle.asType(MethodType.methodType(Object.class)), 0, Object.class, Context.class);
        case 1 -> MethodHandles.dropArguments(
            handle.asType(MethodType.methodType(Object.class, Object.class)), 1, Context.class);
        default -> handle.asType(EXECUTOR_TYPE);
      };
    }

    private Object instantiate(Class<?> type) throws HandlerResolutionException {
      if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        throw fail("class " + type.getName() + " is abstract", "name a concrete class or a static method");
      }
      if (!Modifier.isPublic(type.getModifiers())) {
        throw fail("class " + type.getName() + " is not public", "make it public");
      }
      try {
        return type.getConstructor().newInstance();
      } catch (NoSuchMethodException e) {
        throw fail("class " + type.getName() + " has no public no-argument constructor",
            "add one, or make the handler method static");
      } catch (InvocationTargetException e) {
        throw fail("the constructor of " + type.getName() + " threw " + describe(e.getCause()),
            "fix the constructor", e.getCause());
      } catch (ReflectiveOperationException | LinkageError e) {
        throw fail("class " + type.getName() + " cannot be instantiated (" + describe(e) + ")",
            "give it a public no-argument constructor", e);
      }
    }

    private static Type inputType(Class<?> type, String methodName, int arity) {
      for (Method m : type.getMethods()) {
        if (m.getName().equals(methodName) && m.getParameterCount() == arity && !m.isBridge()
            && !m.getDeclaringClass().isInterface()) {
          Type input = m.getGenericParameterTypes()[0];
          return input instanceof TypeVariable<?> ? Object.class : input;
        }
      }
      return Object.class;
    }

    private ResolvedHandler resolved(Kind kind, Type inputType, HandlerExecutor executor)
        throws HandlerResolutionException {
      checkNotJackson(inputType, "takes");
      return new ResolvedHandler(functionName, handler, kind, inputType, loader, executor);
    }

    /**
     * The runtime binds and encodes with its own Jackson, which the function's class loader does not share: a
     * JsonNode or another Jackson type of the function's would be taken for a plain bean (and in the test kit,
     * which shares one class path, it would not), so it is refused here, the same way at every stage.
     */
    private void checkNotJackson(Type type, String verb) throws HandlerResolutionException {
      String name = type.getTypeName();
      if (name.startsWith(PayloadBinder.JACKSON_PACKAGE)) {
        throw fail("it " + verb + " " + name + ", a Jackson type, but the runtime reads and writes JSON with its"
            + " own Jackson, which cannot use the function's", PayloadBinder.JACKSON_FIX);
      }
    }

    private HandlerResolutionException classNotFound(String className) {
      return fail("class " + className + " was not found",
          "check the class name and that its jar or classes/ folder is in the function's codedir");
    }

    private HandlerResolutionException fail(String cause, String fix) {
      return fail(cause, fix, null);
    }

    private HandlerResolutionException fail(String cause, String fix, Throwable error) {
      return new HandlerResolutionException(functionName, handler, cause, fix, error);
    }

    private static String describe(Throwable error) {
      return error.getMessage() == null ? error.getClass().getName()
          : error.getClass().getName() + ": " + error.getMessage();
    }
  }
}
