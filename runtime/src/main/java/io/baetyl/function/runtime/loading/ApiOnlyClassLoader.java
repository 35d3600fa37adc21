package io.baetyl.function.runtime.loading;

import io.baetyl.function.api.Handler;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/** Parent of every function loader: the JDK (platform loader) plus the function API, nothing else. */
final class ApiOnlyClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String API_PACKAGE = "io.baetyl.function.api.";
  private static final String API_RESOURCES = "io/baetyl/function/api/";

  private final ClassLoader apiLoader = Handler.class.getClassLoader();

  ApiOnlyClassLoader() {
    super("baetyl-function-api", ClassLoader.getPlatformClassLoader());
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (name.startsWith(API_PACKAGE)) {
      return apiLoader.loadClass(name);
    }
    throw new ClassNotFoundException(name);
  }

  @Override
  protected URL findResource(String name) {
    return name.startsWith(API_RESOURCES) ? apiLoader.getResource(name) : null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return name.startsWith(API_RESOURCES) ? apiLoader.getResources(name) : Collections.emptyEnumeration();
  }
}
