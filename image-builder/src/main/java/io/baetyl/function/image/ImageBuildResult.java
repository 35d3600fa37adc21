package io.baetyl.function.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What was built: reference, manifest digest, image id (config digest), tags and layer digests. */
public final class ImageBuildResult {

  private final String reference;
  private final String digest;
  private final String imageId;
  private final Set<String> tags;
  private final List<String> layerDigests;
  private final boolean pushed;

  public ImageBuildResult(String reference, String digest, String imageId, Set<String> tags,
      List<String> layerDigests, boolean pushed) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.imageId = Objects.requireNonNull(imageId, "imageId");
    this.tags = java.util.Collections.unmodifiableSet(new TreeSet<>(tags));
    this.layerDigests = List.copyOf(layerDigests);
    this.pushed = pushed;
  }

  /** The target image reference, e.g. {@code localhost:5000/sayhi:1.0}. */
  public String reference() {
    return reference;
  }

  /** The manifest digest, {@code sha256:...}. */
  public String digest() {
    return digest;
  }

  /** The image id (config digest), {@code sha256:...}. */
  public String imageId() {
    return imageId;
  }

  public Set<String> tags() {
    return tags;
  }

  /**
   * Digests of the compressed layer blobs, bottom-up (base image layers first), as listed in the
   * manifest. Known for registry and tar targets; empty for a Docker daemon target.
   */
  public List<String> layerDigests() {
    return layerDigests;
  }

  /** Whether a registry push happened (false for Docker and tar targets). */
  public boolean pushed() {
    return pushed;
  }

  /** Writes {@code image.digest}, {@code image.id} and {@code image.json} into {@code dir}. */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("image.digest"), digest, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("image.id"), imageId, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("image.json"), toJson(), StandardCharsets.UTF_8);
  }

  /** The same JSON shape Jib writes to {@code jib-image.json}, plus the layer digests. */
  public String toJson() {
    return "{\"image\":" + quote(reference)
        + ",\"imageId\":" + quote(imageId)
        + ",\"imageDigest\":" + quote(digest)
        + ",\"tags\":[" + tags.stream().map(ImageBuildResult::quote).collect(Collectors.joining(","))
        + "],\"imagePushed\":" + pushed
        + ",\"layers\":[" + layerDigests.stream().map(ImageBuildResult::quote)
            .collect(Collectors.joining(","))
        + "]}";
  }

  private static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return reference + "@" + digest;
  }
}
