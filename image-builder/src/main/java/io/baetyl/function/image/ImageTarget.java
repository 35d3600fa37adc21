package io.baetyl.function.image;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where the built image goes: a registry, the local Docker daemon or a {@code docker load} tar. */
public final class ImageTarget {

  /** The kind of target. */
  public enum Kind {
    REGISTRY,
    DOCKER,
    TAR
  }

  private final Kind kind;
  private final String reference;
  private final Path tarFile;
  private final Path dockerExecutable;
  private final Map<String, String> dockerEnvironment;

  private ImageTarget(Kind kind, String reference, Path tarFile, Path dockerExecutable,
      Map<String, String> dockerEnvironment) {
    this.kind = Objects.requireNonNull(kind);
    this.reference = Objects.requireNonNull(reference, "reference");
    this.tarFile = tarFile;
    this.dockerExecutable = dockerExecutable;
    this.dockerEnvironment = Map.copyOf(dockerEnvironment);
  }

  /** Pushes the image to the registry named by {@code reference}. */
  public static ImageTarget registry(String reference) {
    return new ImageTarget(Kind.REGISTRY, reference, null, null, Map.of());
  }

  /** Loads the image into the local Docker daemon as {@code reference}. */
  public static ImageTarget docker(String reference) {
    return new ImageTarget(Kind.DOCKER, reference, null, null, Map.of());
  }

  /** Writes the image, tagged {@code reference}, as a {@code docker load} tar to {@code file}. */
  public static ImageTarget tar(String reference, Path file) {
    return new ImageTarget(Kind.TAR, reference, Objects.requireNonNull(file, "file"), null,
        Map.of());
  }

  /**
   * Parses a target spec: {@code docker://name:tag}, {@code tar:///abs/x.tar} (tagged with
   * {@code tarReference}) or a registry reference.
   */
  public static ImageTarget parse(String spec, String tarReference, Path baseDirectory)
      throws ImageBuildException {
    ImageSpec parsed = ImageSpec.parse(spec, baseDirectory);
    switch (parsed.kind()) {
      case TAR:
        return tar(tarReference, parsed.tarFile().orElseThrow());
      case DOCKER:
        return docker(parsed.reference().orElseThrow());
      case REGISTRY:
        return registry(parsed.reference().orElseThrow());
      default:
        throw new ImageBuildException("The target image spec '" + spec
            + "' is not a place an image can be written to.");
    }
  }

  /** Uses this {@code docker} executable (and extra environment) for a Docker daemon target. */
  public ImageTarget withDockerExecutable(Path executable, Map<String, String> environment) {
    return new ImageTarget(kind, reference, tarFile, executable, environment);
  }

  public Kind kind() {
    return kind;
  }

  public String reference() {
    return reference;
  }

  public Optional<Path> tarFile() {
    return Optional.ofNullable(tarFile);
  }

  public Optional<Path> dockerExecutable() {
    return Optional.ofNullable(dockerExecutable);
  }

  public Map<String, String> dockerEnvironment() {
    return dockerEnvironment;
  }

  @Override
  public String toString() {
    switch (kind) {
      case TAR:
        return "tar://" + tarFile + " (" + reference + ")";
      case DOCKER:
        return "docker://" + reference;
      default:
        return reference;
    }
  }
}
