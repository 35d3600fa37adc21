package io.baetyl.function.maven.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw image options as the user wrote them (pom elements and {@code -D} properties), and the precedence
 * rules that turn them into {@link ImageSettings}. Maven does not map {@code -D} properties onto nested
 * parameters such as {@code <to><image>}, so, like Jib, the properties are read here.
 *
 * <p>Precedence for the image name: {@code -Dimage} > {@code -Dbaetyl.to.image} > {@code <to><image>} >
 * {@code <functionName>:<version>}. The target is {@code -Dbaetyl.target} / {@code <target>} when set,
 * otherwise registry when an image name was given and tar when the default name is used.
 */
public final class ImageInputs {

  private final Map<String, String> properties;
  private String pomFromImage;
  private String pomToImage;
  private List<String> pomToTags = List.of();
  private String pomTarget;
  private Credential pomFromAuth;
  private Credential pomToAuth;

  /** @param properties Maven session user properties overlaid on system properties */
  public ImageInputs(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
  }

  public ImageInputs fromImage(String value) {
    this.pomFromImage = blankToNull(value);
    return this;
  }

  public ImageInputs toImage(String value) {
    this.pomToImage = blankToNull(value);
    return this;
  }

  public ImageInputs toTags(List<String> value) {
    this.pomToTags = value == null ? List.of() : List.copyOf(value);
    return this;
  }

  /** The {@code <target>} parameter (Maven already maps {@code -Dbaetyl.target} onto it). */
  public ImageInputs target(String value) {
    this.pomTarget = blankToNull(value);
    return this;
  }

  public ImageInputs fromAuth(Credential value) {
    this.pomFromAuth = value;
    return this;
  }

  public ImageInputs toAuth(Credential value) {
    this.pomToAuth = value;
    return this;
  }

  public Credential fromAuth() {
    return pomFromAuth;
  }

  public Credential toAuth() {
    return pomToAuth;
  }

  /** The base image the user configured, if any ({@code -Dbaetyl.from.image} wins over {@code <from><image>}). */
  public Optional<Origin> configuredBaseImage() {
    String fromProperty = property("baetyl.from.image");
    if (fromProperty != null) {
      return Optional.of(new Origin(fromProperty, "-Dbaetyl.from.image"));
    }
    return Optional.ofNullable(pomFromImage).map(v -> new Origin(v, "<from><image>"));
  }

  /** The image name to build, after precedence; the default is {@code <defaultName>:<version>}. */
  public Origin targetImage(String defaultName, String version) {
    String image = property("image");
    if (image != null) {
      return new Origin(image, "-Dimage");
    }
    String toProperty = property("baetyl.to.image");
    if (toProperty != null) {
      return new Origin(toProperty, "-Dbaetyl.to.image");
    }
    if (pomToImage != null) {
      return new Origin(pomToImage, "<to><image>");
    }
    // repository names are lower case; the function name itself keeps its case
    return new Origin(defaultName.toLowerCase(java.util.Locale.ROOT) + ":" + version, null);
  }

  public TargetKind target(Origin image) throws ConfigException {
    if (pomTarget != null) {
      return TargetKind.parse(pomTarget, "<target> (-Dbaetyl.target)");
    }
    return image.origin() == null ? TargetKind.TAR : TargetKind.REGISTRY;
  }

  /** Additional tags: {@code -Dbaetyl.to.tags=a,b} wins over {@code <to><tags>}. */
  public List<String> tags() {
    String fromProperty = property("baetyl.to.tags");
    List<String> raw = fromProperty != null ? Arrays.asList(fromProperty.split(",")) : pomToTags;
    List<String> tags = new ArrayList<>();
    for (String tag : raw) {
      String trimmed = tag == null ? "" : tag.trim();
      if (!trimmed.isEmpty() && !tags.contains(trimmed)) {
        tags.add(trimmed);
      }
    }
    return tags;
  }

  /** {@code -Dbaetyl.<key>} values under a prefix, e.g. {@code baetyl.labels.}; later overrides earlier. */
  public Map<String, String> prefixed(String prefix, Map<String, String> pomValues) {
    Map<String, String> merged = new LinkedHashMap<>(pomValues == null ? Map.of() : pomValues);
    properties.keySet().stream().filter(k -> k.startsWith(prefix) && k.length() > prefix.length()).sorted()
        .forEach(k -> merged.put(k.substring(prefix.length()), properties.get(k)));
    return merged;
  }

  private String property(String key) {
    return blankToNull(properties.get(key));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A value and the pom element or {@code -D} property it came from (null for a default). */
  public record Origin(String value, String origin) {

    public String describe() {
      return origin == null ? "the default image name" : origin;
    }
  }
}
