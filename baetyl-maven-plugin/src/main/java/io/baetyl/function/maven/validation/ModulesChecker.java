package io.baetyl.function.maven.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Runs {@code jdeps} over the function's classes and dependency jars and reports every use of a JDK module
 * that the runtime image's JRE (a jlinked JRE with a fixed module list) does not contain.
 *
 * <p>With a cache directory, what jdeps found in a jar (every JDK module use, before filtering) is kept there,
 * keyed by the jar's path, size and modification time and the JDK's version: dependency jars rarely change, and
 * jdeps costs tens to hundreds of milliseconds per jar on every build. The classes directory is always analysed.
 */
public final class ModulesChecker {

  private static final Pattern DEPENDENCY =
      Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(?:JDK internal API \\()?([a-z][\\w.]*)\\)?\\s*$");

  private final Set<String> runtimeModules;
  private final Path cacheDirectory;

  public ModulesChecker(Set<String> runtimeModules) {
    this(runtimeModules, null);
  }

  /** @param cacheDirectory where jdeps results of jars are kept between builds; {@code null}: none */
  public ModulesChecker(Set<String> runtimeModules, Path cacheDirectory) {
    this.runtimeModules = Set.copyOf(runtimeModules);
    this.cacheDirectory = cacheDirectory;
  }

  /** The modules of the runtime image's JRE, as kept in sync with the image builder's jlink list. */
  public static Set<String> defaultRuntimeModules() {
    try (InputStream in = ModulesChecker.class.getResourceAsStream("runtime-modules.txt")) {
      Set<String> modules = new TreeSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          modules.add(trimmed);
        }
      }
      return modules;
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("The plugin's runtime-modules.txt is missing from its jar.", e);
    }
  }

  /**
   * Every JDK module use outside the runtime's modules, one per (class, module) pair.
   *
   * @param inputs class directories and jars; each is reported under its file name
   */
  public List<ModuleUse> check(List<Path> inputs) {
    List<ModuleUse> uses = new ArrayList<>();
    for (Path input : inputs) {
      // one report per (input, module): the first class, and how many more classes of the input use the module
      Map<String, ModuleUse> first = new LinkedHashMap<>();
      Map<String, Set<String>> classes = new LinkedHashMap<>();
      for (ModuleUse use : jdeps(input, inputs)) {
        first.putIfAbsent(use.module(), use);
        classes.computeIfAbsent(use.module(), m -> new TreeSet<>()).add(use.fromClass());
      }
      first.forEach((module, use) -> uses.add(new ModuleUse(module, use.fromClass(), use.toClass(), use.origin(),
          classes.get(module).size() - 1)));
    }
    return uses;
  }

  private List<ModuleUse> jdeps(Path input, List<Path> classpath) {
    List<ModuleUse> uses = new ArrayList<>();
    for (ModuleUse use : jdkModuleUses(input, classpath)) {
      if (!runtimeModules.contains(use.module())) {
        uses.add(use);
      }
    }
    return uses;
  }

  /** Every use of a java.* or jdk.* module by {@code input}, from the cache when the jar is unchanged. */
  private List<ModuleUse> jdkModuleUses(Path input, List<Path> classpath) {
    Path cached = cacheFile(input);
    if (cached != null) {
      try {
        List<ModuleUse> uses = new ArrayList<>();
        for (String line : Files.readAllLines(cached, StandardCharsets.UTF_8)) {
          String[] fields = line.split("\t");
          if (fields.length == 3) {
            uses.add(new ModuleUse(fields[0], fields[1], fields[2], input.getFileName().toString(), 0));
          }
        }
        return uses;
      } catch (NoSuchFileException notYet) {
        // analysed below
      } catch (IOException unreadable) {
        // analysed below, and written again
      }
    }
    List<ModuleUse> uses = runJdeps(input, classpath);
    if (cached != null) {
      StringBuilder text = new StringBuilder();
      uses.forEach(u -> text.append(u.module()).append('\t').append(u.fromClass()).append('\t').append(u.toClass())
          .append('\n'));
      try {
        Files.createDirectories(cached.getParent());
        Path temporary = Files.createTempFile(cached.getParent(), "jdeps", ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException notCached) {
        // the next build analyses the jar again
      }
    }
    return uses;
  }

  private Path cacheFile(Path input) {
    if (cacheDirectory == null || !Files.isRegularFile(input)) {
      return null;
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(input, BasicFileAttributes.class);
      String key = input.toAbsolutePath().normalize() + "\n" + attributes.size() + "\n"
          + attributes.lastModifiedTime().toMillis() + "\n" + Runtime.version();
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return cacheDirectory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".jdeps");
    } catch (IOException | NoSuchAlgorithmException e) {
      return null;
    }
  }

  private List<ModuleUse> runJdeps(Path input, List<Path> classpath) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException(
        "The JDK running Maven has no jdeps tool; run Maven with a full JDK or set <modulesCheck>off</modulesCheck>."));
    List<String> args = new ArrayList<>(List.of("-verbose:class", "--multi-release", "17", "--ignore-missing-deps"));
    Set<String> cp = new LinkedHashSet<>();
    classpath.stream().filter(p -> !p.equals(input)).forEach(p -> cp.add(p.toString()));
    if (!cp.isEmpty()) {
      args.add("--class-path");
      args.add(String.join(java.io.File.pathSeparator, cp));
    }
    args.add(input.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try {
      exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    } catch (RuntimeException e) {
      throw new IllegalStateException("jdeps could not analyse " + input + ": " + e.getMessage(), e);
    }
    if (exit != 0) {
      throw new IllegalStateException("jdeps could not analyse " + input + ": " + err.toString().strip());
    }
    List<ModuleUse> uses = new ArrayList<>();
    for (String line : out.toString().split("\\R")) {
      Matcher m = DEPENDENCY.matcher(line);
      if (m.matches()) {
        String module = m.group(3);
        // java.base is in every JRE; leaving it out keeps the cached lists short
        if ((module.startsWith("java.") || module.startsWith("jdk.")) && !module.equals("java.base")) {
          uses.add(new ModuleUse(module, m.group(1), m.group(2), input.getFileName().toString(), 0));
        }
      }
    }
    return uses;
  }
}
