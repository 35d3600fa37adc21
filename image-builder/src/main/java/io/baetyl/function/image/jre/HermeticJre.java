package io.baetyl.function.image.jre;

import io.baetyl.function.image.ImageBuildException;
import io.baetyl.function.image.LayerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A JRE cut with {@code jlink} from a pinned JDK plus the build machine's native libraries it
 * needs, written as a one-layer {@code docker save} tar to be used as a jib base image
 * ({@code tar://...}). Needs no base image and no network.
 *
 * <p>The result is cached by its inputs (JDK build, modules, options, and the size and time of
 * every native library copied), so later builds reuse the same tar byte for byte.
 */
public final class HermeticJre {

  /** Bump when the layout of the tar changes. */
  private static final String FORMAT = "baetyl-hermetic-jre-2";

  static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-header-files",
      "--no-man-pages", "--compress=2");

  /**
   * Native parts of java.desktop a headless server never loads, which would pull the X11, sound and
   * font stacks of the build machine into the image.
   */
  public static final List<String> DESKTOP_NATIVES = List.of("lib/libawt_xawt.so",
      "lib/libjawt.so", "lib/libsplashscreen.so", "lib/libjsound.so", "lib/libfontmanager.so");

  /** A non-root user for images on this base (distroless convention). */
  public static final int NONROOT_UID = 65532;

  private final Optional<Path> jdk;
  private final int featureVersion;
  private final List<Path> jars;
  private final Set<String> extraModules;
  private final Set<String> modules;
  private final Set<String> excludedFiles;
  private final String javaHome;
  private final Path cacheDirectory;
  private final String imageReference;
  private final Instant modificationTime;
  private final Consumer<String> progress;

  private HermeticJre(Builder b) {
    this.jdk = Optional.ofNullable(b.jdk);
    this.featureVersion = b.featureVersion;
    this.jars = List.copyOf(b.jars);
    this.extraModules = Set.copyOf(b.extraModules);
    this.modules = b.modules == null ? null : Set.copyOf(b.modules);
    this.excludedFiles = new TreeSet<>(b.excludedFiles);
    this.javaHome = RootfsTree.normalize(b.javaHome);
    this.cacheDirectory = b.cacheDirectory;
    this.imageReference = b.imageReference;
    this.modificationTime = b.modificationTime;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The default cache: {@code ~/.cache/baetyl-function/jre}. */
  public static Path defaultCacheDirectory() {
    return Path.of(System.getProperty("user.home"), ".cache", "baetyl-function", "jre");
  }

  /** What was made: the base image tar and the JRE on disk (for training and CDS dumps). */
  public static final class Result {
    private final Path imageTar;
    private final Path jreDirectory;
    private final String javaHome;
    private final List<String> modules;
    private final String javaVersion;
    private final boolean cached;

    Result(Path imageTar, Path jreDirectory, String javaHome, List<String> modules,
        String javaVersion, boolean cached) {
      this.imageTar = imageTar;
      this.jreDirectory = jreDirectory;
      this.javaHome = javaHome;
      this.modules = List.copyOf(modules);
      this.javaVersion = javaVersion;
      this.cached = cached;
    }

    /** The {@code docker save} tar to use as base image ({@code tar://} + this path). */
    public Path imageTar() {
      return imageTar;
    }

    /** The jlinked JRE on the build machine (same bytes as in the image). */
    public Path jreDirectory() {
      return jreDirectory;
    }

    /** Absolute path of the JRE in the image, e.g. {@code /opt/java}. */
    public String javaHome() {
      return javaHome;
    }

    /** Absolute path of {@code java} in the image. */
    public String javaExecutable() {
      return javaHome + "/bin/java";
    }

    public List<String> modules() {
      return modules;
    }

    public String javaVersion() {
      return javaVersion;
    }

    /** Whether the tar came from the cache. */
    public boolean cached() {
      return cached;
    }
  }

  /** Makes (or reuses from the cache) the JRE base image tar. */
  public Result create() throws ImageBuildException {
    JdkHome jdkHome = JdkHome.resolve(jdk, featureVersion);
    Set<String> selected = modules != null ? new TreeSet<>(modules) : null;
    if (selected == null) {
      progress.accept("Finding the JRE modules of " + jars.size() + " jars (jdeps, cached by content)");
      selected = JreModules.forJars(jdkHome, jars, extraModules, cacheDirectory);
    } else {
      selected.addAll(JreModules.ALWAYS);
      selected.addAll(extraModules);
    }
    String architecture = architecture();
    String key = DockerSaveTar.sha256Hex(String.join("\n", FORMAT, jdkHome.home().toString(),
        jdkHome.release(), String.join(",", selected), String.join(" ", JLINK_OPTIONS), String.join(",", excludedFiles), javaHome,
        imageReference, modificationTime.toString(), architecture)).substring(0, 32);
    try {
      Files.createDirectories(cacheDirectory);
    } catch (IOException e) {
      throw new ImageBuildException("Cannot create the JRE cache directory " + cacheDirectory
          + ": " + e.getMessage(), e);
    }
    // two builds on one machine (e.g. two reactors) must not cut the same JRE at once
    try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(
            cacheDirectory.resolve(key + ".lock"), java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock held = lock.lock()) {
      return createLocked(jdkHome, selected, key, architecture);
    } catch (IOException e) {
      throw new ImageBuildException("Cannot lock the JRE cache entry " + cacheDirectory
          .resolve(key) + ": " + e.getMessage(), e);
    }
  }

  private Result createLocked(JdkHome jdkHome, Set<String> selected, String key,
      String architecture) throws ImageBuildException {
    Path entry = cacheDirectory.resolve(key);
    Path tar = entry.resolve("jre-image.tar");
    Path jre = entry.resolve("jre");
    Path libraries = entry.resolve("libraries.txt");
    List<String> moduleList = new ArrayList<>(selected);
    if (Files.isRegularFile(tar) && librariesUnchanged(libraries)) {
      progress.accept("Using the cached hermetic JRE " + tar);
      return new Result(tar, jre, "/" + javaHome, moduleList, jdkHome.version(), true);
    }
    progress.accept("Cutting a Java " + jdkHome.version() + " JRE with jlink from "
        + jdkHome.home() + ": " + String.join(",", selected));
    try {
      deleteRecursively(entry);
      Files.createDirectories(entry);
      List<String> command = new ArrayList<>(List.of(jdkHome.tool("jlink").toString(),
          "--add-modules", String.join(",", selected), "--output", jre.toString()));
      command.addAll(JLINK_OPTIONS);
      Tools.run(command, null, 900);
      for (String excluded : excludedFiles) {
        Files.deleteIfExists(jre.resolve(excluded));
      }

      NativeLibraries natives = NativeLibraries.onPath();
      NativeLibraries.Scan scan = natives.scan(jre);
      Set<String> skipped = new TreeSet<>(scan.unresolvable.keySet());
      scan.unresolvable.forEach((file, missing) -> progress.accept("Leaving out " + file
          + " of the JRE: the build machine has no " + String.join(", ", missing)));

      RootfsTree tree = new RootfsTree();
      tree.tree(jre, javaHome, skipped);
      Map<String, String> copied = new TreeMap<>();
      for (String library : scan.libraries) {
        NativeLibraries.addHostPath(tree, Path.of(library),
            file -> copied.put(file.toString(), stamp(file)));
      }
      boolean locale = addLocale(tree, copied);
      addBaseFiles(tree);

      List<String> environment = new ArrayList<>();
      environment.add("PATH=/" + javaHome + "/bin:/usr/local/bin:/usr/bin:/bin");
      environment.add("JAVA_HOME=/" + javaHome);
      if (locale) {
        environment.add("LANG=C.UTF-8");
      }
      DockerSaveTar.write(tar, tree, imageReference, environment,
          "jlink " + String.join(" ", JLINK_OPTIONS) + " --add-modules "
              + String.join(",", selected) + " (" + jdkHome.version() + ") + native libraries",
          modificationTime, architecture);
      Files.writeString(libraries, copied.entrySet().stream()
          .map(e -> e.getKey() + "\t" + e.getValue())
          .collect(Collectors.joining("\n")), StandardCharsets.UTF_8);
      progress.accept("Wrote the hermetic JRE image " + tar + " (" + Files.size(tar) / 1024 / 1024
          + " MiB, " + copied.size() + " native libraries)");
      return new Result(tar, jre, "/" + javaHome, moduleList, jdkHome.version(), false);
    } catch (IOException | RuntimeException e) {
      throw new ImageBuildException("Cannot write the hermetic JRE into " + entry + ": "
          + e.getMessage(), e);
    }
  }

  private static boolean addLocale(RootfsTree tree, Map<String, String> copied)
      throws IOException {
    Path locale = Path.of("/usr/lib/locale/C.utf8");
    if (!Files.isDirectory(locale)) {
      return false;
    }
    try (var walk = Files.walk(locale)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        if (Files.isRegularFile(path)) {
          NativeLibraries.addHostPath(tree, path, file -> copied.put(file.toString(),
              stamp(file)));
        }
      }
    }
    return true;
  }

  private static void addBaseFiles(RootfsTree tree) {
    tree.directory("tmp", 01777);
    tree.content("etc/passwd", ("root:x:0:0:root:/root:/sbin/nologin\n"
        + "nonroot:x:" + NONROOT_UID + ":" + NONROOT_UID + ":nonroot:/home/nonroot:/sbin/nologin\n")
        .getBytes(StandardCharsets.UTF_8), 0644);
    tree.content("etc/group", ("root:x:0:\nnonroot:x:" + NONROOT_UID + ":\n")
        .getBytes(StandardCharsets.UTF_8), 0644);
    tree.content("etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n"
        .getBytes(StandardCharsets.UTF_8), 0644);
    tree.directory("home/nonroot", 0755);
    tree.directory("root", 0700);
  }

  private static String stamp(Path file) {
    try {
      return Files.size(file) + "\t" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static boolean librariesUnchanged(Path libraries) {
    try {
      for (String line : Files.readAllLines(libraries, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (!stamp(Path.of(line.substring(0, tab))).equals(line.substring(tab + 1))) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static String architecture() {
    String arch = System.getProperty("os.arch");
    switch (arch) {
      case "amd64":
      case "x86_64":
        return "amd64";
      case "aarch64":
        return "arm64";
      default:
        return arch;
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    Files.walkFileTree(directory, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Builds a {@link HermeticJre}. */
  public static final class Builder {
    private Path jdk;
    private int featureVersion = 17;
    private final List<Path> jars = new ArrayList<>();
    private final Set<String> extraModules = new TreeSet<>();
    private Collection<String> modules;
    private final Set<String> excludedFiles = new TreeSet<>(DESKTOP_NATIVES);
    private String javaHome = "/opt/java";
    private Path cacheDirectory = defaultCacheDirectory();
    private String imageReference = "baetyl-function-jre:17";
    private Instant modificationTime = LayerSpec.DEFAULT_MODIFICATION_TIME;
    private Consumer<String> progress = message -> { };

    private Builder() {}

    /** The JDK to jlink from (default {@code $BAETYL_JLINK_JDK} or {@link JdkHome#DEFAULT}). */
    public Builder jdk(Path home) {
      this.jdk = home;
      return this;
    }

    /** The Java feature version the JDK must have (default 17). */
    public Builder featureVersion(int version) {
      this.featureVersion = version;
      return this;
    }

    /** Jars whose module needs jdeps finds. */
    public Builder jars(Collection<Path> jarFiles) {
      jars.addAll(jarFiles);
      return this;
    }

    /** Modules to add to what jdeps finds. */
    public Builder addModules(Collection<String> names) {
      extraModules.addAll(names);
      return this;
    }

    /** Exactly these modules (plus jdk.unsupported, jdk.crypto.ec); jdeps is not run. */
    public Builder modules(Collection<String> names) {
      this.modules = names == null ? null : List.copyOf(names);
      return this;
    }

    /**
     * JRE files (relative to the JRE, e.g. {@code lib/libjsound.so}) to leave out; default
     * {@link #DESKTOP_NATIVES}.
     */
    public Builder excludedFiles(Collection<String> relativePaths) {
      excludedFiles.clear();
      excludedFiles.addAll(relativePaths);
      return this;
    }

    /** Where the JRE goes in the image (default {@code /opt/java}). */
    public Builder javaHome(String path) {
      this.javaHome = Objects.requireNonNull(path, "path");
      return this;
    }

    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = directory.toAbsolutePath();
      return this;
    }

    public Builder imageReference(String reference) {
      this.imageReference = Objects.requireNonNull(reference, "reference");
      return this;
    }

    public Builder modificationTime(Instant time) {
      this.modificationTime = Objects.requireNonNull(time, "time");
      return this;
    }

    public Builder progress(Consumer<String> listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public HermeticJre build() {
      return new HermeticJre(this);
    }
  }
}
