package io.baetyl.function.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Everything needed to build one image: base image, target, layers (bottom-up, on top of the base)
 * and container configuration. Immutable; made with {@link #builder()}.
 *
 * <p>Defaults favour reproducibility: creation time is the epoch, platform {@code linux/amd64},
 * Docker manifest format, entrypoint/cmd/user/working directory inherited from the base.
 */
public final class ImageBuildRequest {

  /** Manifest format of the built image. */
  public enum Format {
    DOCKER,
    OCI
  }

  private final String baseImage;
  private final Path baseDirectory;
  private final ImageTarget target;
  private final Set<String> additionalTags;
  private final List<LayerSpec> layers;
  private final List<String> entrypoint;
  private final List<String> cmd;
  private final Map<String, String> environment;
  private final Map<String, String> labels;
  private final String user;
  private final String workingDirectory;
  private final Instant creationTime;
  private final String platform;
  private final Format format;
  private final RegistryAuth registryAuth;
  private final Consumer<String> progressListener;
  private final ImageLog logListener;
  private final String insecureRegistriesOption;
  private final Path baseImageCache;
  private final Path applicationLayersCache;
  private final String toolName;

  private ImageBuildRequest(Builder b) {
    this.baseImage = b.baseImage;
    this.baseDirectory = b.baseDirectory;
    this.target = Objects.requireNonNull(b.target, "An image build needs a target image.");
    this.additionalTags = Set.copyOf(new LinkedHashSet<>(b.additionalTags));
    this.layers = List.copyOf(b.layers);
    this.entrypoint = b.entrypoint == null ? null : List.copyOf(b.entrypoint);
    this.cmd = b.cmd == null ? null : List.copyOf(b.cmd);
    this.environment = java.util.Collections.unmodifiableMap(new TreeMap<>(b.environment));
    this.labels = java.util.Collections.unmodifiableMap(new TreeMap<>(b.labels));
    this.user = b.user;
    this.workingDirectory = b.workingDirectory;
    this.creationTime = b.creationTime;
    this.platform = b.platform;
    this.format = b.format;
    this.registryAuth = b.registryAuth;
    this.progressListener = b.progressListener;
    this.logListener = b.logListener;
    this.insecureRegistriesOption = b.insecureRegistriesOption;
    this.baseImageCache = b.baseImageCache;
    this.applicationLayersCache = b.applicationLayersCache;
    this.toolName = b.toolName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base image spec ({@code registry/repo:tag}, {@code docker://..}, {@code tar://..}). */
  public String baseImage() {
    return baseImage;
  }

  /** Directory against which a relative {@code tar://} base image path is resolved. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  public ImageTarget target() {
    return target;
  }

  public Set<String> additionalTags() {
    return additionalTags;
  }

  /** Layers added on top of the base image, bottom-up. */
  public List<LayerSpec> layers() {
    return layers;
  }

  /** Empty means: inherit from the base image. */
  public Optional<List<String>> entrypoint() {
    return Optional.ofNullable(entrypoint);
  }

  /** Program arguments; empty means: inherit from the base image. */
  public Optional<List<String>> cmd() {
    return Optional.ofNullable(cmd);
  }

  /** Environment added to (and overriding) the base image's, sorted by name. */
  public Map<String, String> environment() {
    return environment;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public Optional<String> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  public Instant creationTime() {
    return creationTime;
  }

  /** {@code os/architecture}, e.g. {@code linux/amd64}. */
  public String platform() {
    return platform;
  }

  public Format format() {
    return format;
  }

  public RegistryAuth registryAuth() {
    return registryAuth;
  }

  public Consumer<String> progressListener() {
    return progressListener;
  }

  /** How the user allows insecure registries, as error messages name it. */
  public String insecureRegistriesOption() {
    return insecureRegistriesOption;
  }

  /**
   * Where log messages go: the configured {@link ImageLog}, else the progress listener (info as is, warnings
   * and errors prefixed, debug dropped).
   */
  public ImageLog logListener() {
    if (logListener != null) {
      return logListener;
    }
    return (level, message) -> {
      switch (level) {
        case DEBUG -> { }
        case ERROR -> progressListener.accept("ERROR: " + message);
        case WARN -> progressListener.accept("WARNING: " + message);
        default -> progressListener.accept(message);
      }
    };
  }

  public Optional<Path> baseImageCache() {
    return Optional.ofNullable(baseImageCache);
  }

  public Optional<Path> applicationLayersCache() {
    return Optional.ofNullable(applicationLayersCache);
  }

  public String toolName() {
    return toolName;
  }

  /** Builds an {@link ImageBuildRequest}. */
  public static final class Builder {
    private String baseImage = "scratch";
    private Path baseDirectory = Path.of("").toAbsolutePath();
    private ImageTarget target;
    private final List<String> additionalTags = new ArrayList<>();
    private final List<LayerSpec> layers = new ArrayList<>();
    private List<String> entrypoint;
    private List<String> cmd;
    private final Map<String, String> environment = new TreeMap<>();
    private final Map<String, String> labels = new TreeMap<>();
    private String user;
    private String workingDirectory;
    private Instant creationTime = Instant.EPOCH;
    private String platform = "linux/amd64";
    private Format format = Format.DOCKER;
    private RegistryAuth registryAuth = RegistryAuth.defaults();
    private Consumer<String> progressListener = message -> { };
    private ImageLog logListener;
    private String insecureRegistriesOption = "the allow-insecure-registries option";
    private Path baseImageCache;
    private Path applicationLayersCache;
    private String toolName = "baetyl";

    private Builder() {}

    /** The base image spec; {@code scratch} (the default) is the empty image. */
    public Builder from(String baseImageSpec) {
      this.baseImage = Objects.requireNonNull(baseImageSpec, "baseImageSpec");
      return this;
    }

    public Builder from(ImageSpec spec) {
      return from(spec.toString());
    }

    public Builder baseDirectory(Path directory) {
      this.baseDirectory = directory.toAbsolutePath();
      return this;
    }

    public Builder to(ImageTarget target) {
      this.target = target;
      return this;
    }

    public Builder additionalTag(String tag) {
      additionalTags.add(Objects.requireNonNull(tag, "tag"));
      return this;
    }

    public Builder additionalTags(Iterable<String> tags) {
      tags.forEach(this::additionalTag);
      return this;
    }

    /** Adds a layer on top of the ones added before (empty layers are skipped). */
    public Builder addLayer(LayerSpec layer) {
      layers.add(Objects.requireNonNull(layer, "layer"));
      return this;
    }

    public Builder layers(List<LayerSpec> newLayers) {
      layers.clear();
      newLayers.forEach(this::addLayer);
      return this;
    }

    /** {@code null} inherits the base image's entrypoint. */
    public Builder entrypoint(List<String> entrypoint) {
      this.entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
      return this;
    }

    public Builder entrypoint(String... entrypoint) {
      return entrypoint(List.of(entrypoint));
    }

    /** {@code null} inherits the base image's cmd. */
    public Builder cmd(List<String> cmd) {
      this.cmd = cmd == null ? null : List.copyOf(cmd);
      return this;
    }

    public Builder environmentVariable(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    public Builder environment(Map<String, String> variables) {
      variables.forEach(this::environmentVariable);
      return this;
    }

    public Builder label(String name, String value) {
      labels.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    public Builder labels(Map<String, String> newLabels) {
      newLabels.forEach(this::label);
      return this;
    }

    /** {@code uid[:gid]} or a user name; {@code null} inherits. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Absolute path; {@code null} inherits. */
    public Builder workingDirectory(String directory) {
      this.workingDirectory = directory;
      return this;
    }

    public Builder creationTime(Instant time) {
      this.creationTime = Objects.requireNonNull(time, "time");
      return this;
    }

    /** {@code os/architecture}, e.g. {@code linux/arm64}. */
    public Builder platform(String platform) {
      this.platform = Objects.requireNonNull(platform, "platform");
      return this;
    }

    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public Builder registryAuth(RegistryAuth auth) {
      this.registryAuth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** Receives one line per progress step or log message of the build. */
    public Builder progressListener(Consumer<String> listener) {
      this.progressListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Receives log messages with their level (default: the progress listener, see {@link #logListener()}). */
    public Builder logListener(ImageLog listener) {
      this.logListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How the user allows insecure registries, named in the "no verified HTTPS" message (for example
     * {@code --allow-insecure-registries true}).
     */
    public Builder insecureRegistriesOption(String option) {
      this.insecureRegistriesOption = Objects.requireNonNull(option, "option");
      return this;
    }

    /** Where base image layers are cached (default: Jib's user cache). */
    public Builder baseImageCache(Path directory) {
      this.baseImageCache = directory;
      return this;
    }

    /** Where built layers are cached between builds (default: a temporary directory). */
    public Builder applicationLayersCache(Path directory) {
      this.applicationLayersCache = directory;
      return this;
    }

    public Builder toolName(String toolName) {
      this.toolName = Objects.requireNonNull(toolName, "toolName");
      return this;
    }

    public ImageBuildRequest build() {
      return new ImageBuildRequest(this);
    }
  }
}
