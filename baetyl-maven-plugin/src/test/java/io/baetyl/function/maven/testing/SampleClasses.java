package io.baetyl.function.maven.testing;

import io.baetyl.function.api.Handler;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles small handler sources into a classes directory, as a project's build would. */
public final class SampleClasses {

  private SampleClasses() {
  }

  /** @param sources class name -> Java source */
  public static Path compile(Path classesDirectory, Map<String, String> sources) throws IOException {
    Files.createDirectories(classesDirectory.getParent());
    Path sourceDirectory = Files.createTempDirectory(classesDirectory.getParent(), "src");
    List<String> args = new ArrayList<>(List.of("-d", classesDirectory.toString(), "--release", "17",
        "-cp", apiJarOrDirectory()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceDirectory.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    Files.createDirectories(classesDirectory);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    int exit = compiler.getTask(errors, null, null, args.subList(0, 6), null,
        compiler.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(args.subList(6, args.size())))
        .call() ? 0 : 1;
    if (exit != 0) {
      throw new IllegalStateException("sample sources do not compile: " + errors);
    }
    return classesDirectory;
  }

  /** Writes a jar with one entry, stamped with a fixed time so its bytes never change. */
  public static Path jar(Path file, String entryName, String content) throws IOException {
    Files.createDirectories(file.getParent());
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(file))) {
      java.util.jar.JarEntry entry = new java.util.jar.JarEntry(entryName);
      entry.setTime(0);
      out.putNextEntry(entry);
      out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return file;
  }

  private static String apiJarOrDirectory() {
    try {
      return new File(Handler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sayHi(String pkg, String name) {
    return "package " + pkg + ";\n"
        + "import io.baetyl.function.api.Context;\n"
        + "import io.baetyl.function.api.Handler;\n"
        + "import java.util.Map;\n"
        + "public class " + name + " implements Handler<Map<String, Object>, Map<String, Object>> {\n"
        + "  public Map<String, Object> handle(Map<String, Object> in, Context ctx) { return in; }\n"
        + "}\n";
  }
}
