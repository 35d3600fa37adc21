package io.baetyl.function.image.runtime;

import io.baetyl.function.image.ImageTarget;
import io.baetyl.function.image.LayerSpec;
import io.baetyl.function.image.RegistryAuth;
import io.baetyl.function.image.jre.HermeticJre;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What goes into the runtime image: the runtime jar and its dependency jars, where the Java
 * runtime comes from (a hermetic jlinked JRE by default, or any JRE base image), JVM flags, and
 * where the image goes. Immutable; made with {@link #builder()}.
 */
public final class RuntimeImageRequest {

  private final Path runtimeJar;
  private final List<Path> dependencyJars;
  private final ImageTarget target;
  private final List<String> additionalTags;
  private final String pushTo;
  private final RegistryAuth registryAuth;
  private final String jreBaseImage;
  private final String javaExecutable;
  private final Path jdk;
  private final Path jreCache;
  private final List<String> extraModules;
  private final boolean classDataSharing;
  private final List<String> jvmFlags;
  private final Path workDirectory;
  private final Instant modificationTime;
  private final Map<String, String> labels;
  private final Path baseImageCache;
  private final Path applicationLayersCache;
  private final Consumer<String> progress;

  private RuntimeImageRequest(Builder b) {
    this.runtimeJar = Objects.requireNonNull(b.runtimeJar, "The runtime jar is required.");
    this.dependencyJars = List.copyOf(b.dependencyJars);
    this.target = Objects.requireNonNull(b.target, "The target image is required.");
    this.additionalTags = List.copyOf(b.additionalTags);
    this.pushTo = b.pushTo;
    this.registryAuth = b.registryAuth;
    this.jreBaseImage = b.jreBaseImage;
    this.javaExecutable = b.javaExecutable;
    this.jdk = b.jdk;
    this.jreCache = b.jreCache;
    this.extraModules = List.copyOf(b.extraModules);
    this.classDataSharing = b.classDataSharing;
    this.jvmFlags = List.copyOf(b.jvmFlags);
    this.workDirectory = Objects.requireNonNull(b.workDirectory,
        "The work directory is required.");
    this.modificationTime = b.modificationTime;
    this.labels = Map.copyOf(b.labels);
    this.baseImageCache = b.baseImageCache;
    this.applicationLayersCache = b.applicationLayersCache;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path runtimeJar() {
    return runtimeJar;
  }

  public List<Path> dependencyJars() {
    return dependencyJars;
  }

  public ImageTarget target() {
    return target;
  }

  public List<String> additionalTags() {
    return additionalTags;
  }

  /** A registry reference to push the same image to after writing the target. */
  public Optional<String> pushTo() {
    return Optional.ofNullable(pushTo);
  }

  public RegistryAuth registryAuth() {
    return registryAuth;
  }

  /** A JRE base image spec; empty means the hermetic jlinked JRE. */
  public Optional<String> jreBaseImage() {
    return Optional.ofNullable(jreBaseImage);
  }

  /** Absolute path of {@code java} in the image. */
  public String javaExecutable() {
    return javaExecutable;
  }

  public Optional<Path> jdk() {
    return Optional.ofNullable(jdk);
  }

  public Path jreCache() {
    return jreCache;
  }

  public List<String> extraModules() {
    return extraModules;
  }

  /** Whether to add a CDS archive (only possible with the hermetic JRE). */
  public boolean classDataSharing() {
    return classDataSharing;
  }

  public List<String> jvmFlags() {
    return jvmFlags;
  }

  public Path workDirectory() {
    return workDirectory;
  }

  public Instant modificationTime() {
    return modificationTime;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public Optional<Path> baseImageCache() {
    return Optional.ofNullable(baseImageCache);
  }

  public Optional<Path> applicationLayersCache() {
    return Optional.ofNullable(applicationLayersCache);
  }

  public Consumer<String> progress() {
    return progress;
  }

  /** Builds a {@link RuntimeImageRequest}. */
  public static final class Builder {
    private Path runtimeJar;
    private final List<Path> dependencyJars = new ArrayList<>();
    private ImageTarget target;
    private final List<String> additionalTags = new ArrayList<>();
    private String pushTo;
    private RegistryAuth registryAuth = RegistryAuth.defaults();
    private String jreBaseImage;
    private String javaExecutable = RuntimeImageLayout.JAVA;
    private Path jdk;
    private Path jreCache = HermeticJre.defaultCacheDirectory();
    private final List<String> extraModules = new ArrayList<>();
    private boolean classDataSharing = true;
    private final List<String> jvmFlags = new ArrayList<>(JvmFlags.DEFAULTS);
    private Path workDirectory;
    private Instant modificationTime = LayerSpec.DEFAULT_MODIFICATION_TIME;
    private final Map<String, String> labels = new TreeMap<>();
    private Path baseImageCache;
    private Path applicationLayersCache;
    private Consumer<String> progress = message -> { };

    private Builder() {}

    public Builder runtimeJar(Path jar) {
      this.runtimeJar = jar;
      return this;
    }

    /** The runtime's dependency jars, in class path order. */
    public Builder dependencyJars(List<Path> jars) {
      dependencyJars.clear();
      dependencyJars.addAll(jars);
      return this;
    }

    public Builder target(ImageTarget target) {
      this.target = target;
      return this;
    }

    public Builder additionalTag(String tag) {
      additionalTags.add(tag);
      return this;
    }

    /** Also pushes the image to this registry reference ({@code null} or blank: no push). */
    public Builder pushTo(String reference) {
      this.pushTo = reference == null || reference.isBlank() ? null : reference.strip();
      return this;
    }

    public Builder registryAuth(RegistryAuth auth) {
      this.registryAuth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * Uses this JRE base image ({@code registry/ref}, {@code docker://}, {@code tar://}) instead of
     * the hermetic JRE; {@code null} or blank selects the hermetic JRE.
     */
    public Builder jreBaseImage(String spec) {
      this.jreBaseImage = spec == null || spec.isBlank() ? null : spec.strip();
      return this;
    }

    /** Where {@code java} is in a JRE base image (default {@code /opt/java/bin/java}). */
    public Builder javaExecutable(String path) {
      this.javaExecutable = Objects.requireNonNull(path, "path");
      return this;
    }

    public Builder jdk(Path home) {
      this.jdk = home;
      return this;
    }

    public Builder jreCache(Path directory) {
      this.jreCache = Objects.requireNonNull(directory, "directory");
      return this;
    }

    public Builder extraModules(List<String> modules) {
      extraModules.clear();
      extraModules.addAll(modules);
      return this;
    }

    public Builder classDataSharing(boolean enabled) {
      this.classDataSharing = enabled;
      return this;
    }

    public Builder jvmFlags(List<String> flags) {
      jvmFlags.clear();
      jvmFlags.addAll(flags);
      return this;
    }

    public Builder workDirectory(Path directory) {
      this.workDirectory = directory.toAbsolutePath();
      return this;
    }

    public Builder modificationTime(Instant time) {
      this.modificationTime = Objects.requireNonNull(time, "time");
      return this;
    }

    public Builder label(String name, String value) {
      labels.put(name, value);
      return this;
    }

    public Builder baseImageCache(Path directory) {
      this.baseImageCache = directory;
      return this;
    }

    public Builder applicationLayersCache(Path directory) {
      this.applicationLayersCache = directory;
      return this;
    }

    public Builder progress(Consumer<String> listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public RuntimeImageRequest build() {
      return new RuntimeImageRequest(this);
    }
  }
}
