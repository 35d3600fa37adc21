package io.baetyl.function.maven.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the handler classes among the project's compiled classes, so that a project with exactly one need
 * not name it.
 *
 * <p>The rule: a top-level, public, concrete class in the project's own classes (not its dependencies) is a
 * handler class when it implements {@code io.baetyl.function.api.Handler}, {@code java.util.function.Function}
 * or {@code java.util.function.BiFunction} (directly or through a superclass or interface) — its handler
 * string is the class name — or, failing that, when it declares a public method named {@code handle} — its
 * handler string is {@code pkg.Class::handle}.
 */
public final class HandlerDiscovery {

  static final Set<String> HANDLER_INTERFACES = Set.of("io.baetyl.function.api.Handler",
      "java.util.function.Function", "java.util.function.BiFunction");

  private HandlerDiscovery() {
  }

  /** The handler string of every handler class under {@code classesDirectory}, sorted. */
  public static List<String> candidates(Path classesDirectory, ClassLoader loader) {
    return classNames(classesDirectory).stream()
        .map(name -> load(name, loader))
        .flatMap(Optional::stream)
        .map(HandlerDiscovery::handlerString)
        .flatMap(Optional::stream)
        .sorted()
        .toList();
  }

  static List<String> classNames(Path classesDirectory) {
    if (!Files.isDirectory(classesDirectory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(classesDirectory)) {
      return files.filter(Files::isRegularFile)
          .map(file -> classesDirectory.relativize(file).toString().replace('\\', '/'))
          .filter(name -> name.endsWith(".class") && !name.contains("$") && !name.startsWith("META-INF/"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .filter(name -> !name.endsWith("module-info") && !name.endsWith("package-info"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Class<?>> load(String name, ClassLoader loader) {
    try {
      return Optional.of(Class.forName(name, false, loader));
    } catch (ClassNotFoundException | LinkageError e) {
      // a class that cannot even be loaded cannot be the handler; the resolver reports it if it is named
      return Optional.empty();
    }
  }

  private static Optional<String> handlerString(Class<?> type) {
    int modifiers = type.getModifiers();
    if (!Modifier.isPublic(modifiers) || Modifier.isAbstract(modifiers) || type.isInterface()
        || type.isEnum() || type.isAnnotation()) {
      return Optional.empty();
    }
    try {
      if (implementsHandlerInterface(type)) {
        return Optional.of(type.getName());
      }
      for (Method method : type.getDeclaredMethods()) {
        if (method.getName().equals("handle") && Modifier.isPublic(method.getModifiers())) {
          return Optional.of(type.getName() + "::handle");
        }
      }
    } catch (LinkageError e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean implementsHandlerInterface(Class<?> type) {
    Deque<Class<?>> pending = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      Class<?> next = pending.poll();
      if (!seen.add(next)) {
        continue;
      }
      if (next.isInterface() && HANDLER_INTERFACES.contains(next.getName())) {
        return true;
      }
      if (next.getSuperclass() != null) {
        pending.add(next.getSuperclass());
      }
      pending.addAll(List.of(next.getInterfaces()));
    }
    return false;
  }
}
