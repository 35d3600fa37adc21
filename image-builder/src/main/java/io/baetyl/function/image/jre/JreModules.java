package io.baetyl.function.image.jre;

import io.baetyl.function.image.ImageBuildException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The modules a JRE needs for a set of jars: {@code jdeps} plus modules jdeps cannot see. */
final class JreModules {

  /** Loaded reflectively or through services, so jdeps misses them. */
  static final List<String> ALWAYS = List.of("jdk.unsupported", "jdk.crypto.ec");

  private JreModules() {}

  /** Runs jdeps on {@code jars} (cached in {@code cacheDirectory} by the jars' content). */
  static Set<String> forJars(JdkHome jdk, List<Path> jars, Collection<String> extra,
      Path cacheDirectory) throws ImageBuildException {
    Set<String> modules = new TreeSet<>(ALWAYS);
    modules.addAll(extra);
    if (jars.isEmpty()) {
      modules.add("java.base");
      return modules;
    }
    String key = contentKey(jdk, jars);
    Path cached = cacheDirectory.resolve("modules-" + key + ".txt");
    try {
      if (Files.isRegularFile(cached)) {
        modules.addAll(parse(Files.readString(cached, StandardCharsets.UTF_8)));
        return modules;
      }
    } catch (IOException e) {
      // recompute below
    }
    String classPath = jars.stream().map(Path::toString)
        .collect(Collectors.joining(java.io.File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(jdk.tool("jdeps").toString(),
        "--print-module-deps", "--ignore-missing-deps", "-q",
        "--multi-release", jdk.version().split("[.+-]")[0],
        "--class-path", classPath));
    jars.forEach(jar -> command.add(jar.toString()));
    String output = Tools.run(command, null, 600);
    String[] lines = output.strip().split("\\R");
    String found = lines[lines.length - 1].strip();
    Set<String> deps = parse(found);
    if (deps.isEmpty() || !deps.stream().allMatch(m -> m.matches("[a-z][a-z0-9.]*"))) {
      throw new ImageBuildException("jdeps printed no module list for the runtime jars: "
          + Tools.lastLines(output) + ".");
    }
    try {
      Files.createDirectories(cacheDirectory);
      Path partial = Files.createTempFile(cacheDirectory, ".modules", ".txt");
      Files.writeString(partial, String.join(",", deps), StandardCharsets.UTF_8);
      Files.move(partial, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the cache is an optimisation only
    }
    modules.addAll(deps);
    return modules;
  }

  private static Set<String> parse(String list) {
    return Arrays.stream(list.strip().split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String contentKey(JdkHome jdk, List<Path> jars) throws ImageBuildException {
    MessageDigest digest = DockerSaveTar.sha256();
    digest.update(jdk.release().getBytes(StandardCharsets.UTF_8));
    List<Path> sorted = new ArrayList<>(jars);
    sorted.sort(null);
    for (Path jar : sorted) {
      digest.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      try (InputStream in = new DigestInputStream(Files.newInputStream(jar), digest)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new ImageBuildException("Cannot read the jar " + jar + ": " + e.getMessage(), e);
      }
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
  }
}
