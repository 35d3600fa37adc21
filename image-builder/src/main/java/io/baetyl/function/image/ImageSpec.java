package io.baetyl.function.image;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an image comes from or goes to, written as a string the way Jib users write it.
 *
 * <ul>
 *   <li>{@code registry.example.com/repo:tag} or {@code registry://registry.example.com/repo:tag}:
 *       a registry image;
 *   <li>{@code docker://name:tag}: an image of the local Docker daemon;
 *   <li>{@code tar:///abs/path/image.tar} or {@code tar://relative/image.tar}: a {@code docker save}
 *       tar file;
 *   <li>{@code scratch}: the empty image.
 * </ul>
 */
public final class ImageSpec {

  /** The kind of image source. */
  public enum Kind {
    REGISTRY,
    DOCKER,
    TAR,
    SCRATCH
  }

  public static final String REGISTRY_PREFIX = "registry://";
  public static final String DOCKER_PREFIX = "docker://";
  public static final String TAR_PREFIX = "tar://";

  private final Kind kind;
  private final String reference;
  private final Path tarFile;

  private ImageSpec(Kind kind, String reference, Path tarFile) {
    this.kind = kind;
    this.reference = reference;
    this.tarFile = tarFile;
  }

  /**
   * Parses an image spec; a relative {@code tar://} path is resolved against {@code baseDirectory}.
   *
   * @throws ImageBuildException if the spec is empty or its reference is not a valid image
   *     reference
   */
  public static ImageSpec parse(String spec, Path baseDirectory) throws ImageBuildException {
    if (spec == null || spec.isBlank()) {
      throw new ImageBuildException("The image spec is empty: give a registry reference, "
          + "docker://name:tag or tar:///path/to/image.tar.");
    }
    String trimmed = spec.trim();
    if (trimmed.startsWith(TAR_PREFIX)) {
      String file = trimmed.substring(TAR_PREFIX.length());
      if (file.isEmpty()) {
        throw new ImageBuildException("The image spec '" + trimmed + "' names no tar file.");
      }
      Path path = Path.of(file);
      if (!path.isAbsolute()) {
        path = baseDirectory.resolve(path);
      }
      return new ImageSpec(Kind.TAR, null, path.toAbsolutePath().normalize());
    }
    if (trimmed.startsWith(DOCKER_PREFIX)) {
      String ref = trimmed.substring(DOCKER_PREFIX.length());
      ImageReferences.parse(ref, "image spec '" + trimmed + "'");
      return new ImageSpec(Kind.DOCKER, ref, null);
    }
    String ref = trimmed.startsWith(REGISTRY_PREFIX)
        ? trimmed.substring(REGISTRY_PREFIX.length())
        : trimmed;
    if ("scratch".equals(ref)) {
      return new ImageSpec(Kind.SCRATCH, "scratch", null);
    }
    ImageReferences.parse(ref, "image spec '" + trimmed + "'");
    return new ImageSpec(Kind.REGISTRY, ref, null);
  }

  /** Parses an image spec; a relative {@code tar://} path is resolved against the working dir. */
  public static ImageSpec parse(String spec) throws ImageBuildException {
    return parse(spec, Path.of("").toAbsolutePath());
  }

  public static ImageSpec tar(Path file) {
    return new ImageSpec(Kind.TAR, null, file.toAbsolutePath().normalize());
  }

  public Kind kind() {
    return kind;
  }

  /** The image reference (registry and Docker images); empty for tar files. */
  public Optional<String> reference() {
    return Optional.ofNullable(reference);
  }

  /** The tar file (tar images); empty otherwise. */
  public Optional<Path> tarFile() {
    return Optional.ofNullable(tarFile);
  }

  @Override
  public String toString() {
    switch (kind) {
      case TAR:
        return TAR_PREFIX + tarFile;
      case DOCKER:
        return DOCKER_PREFIX + reference;
      default:
        return reference;
    }
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ImageSpec)) {
      return false;
    }
    ImageSpec that = (ImageSpec) other;
    return kind == that.kind
        && Objects.equals(reference, that.reference)
        && Objects.equals(tarFile, that.tarFile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, reference, tarFile);
  }
}
