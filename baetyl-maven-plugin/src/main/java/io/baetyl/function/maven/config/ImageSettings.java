package io.baetyl.function.maven.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to build the function image, after defaults and precedence were applied.
 *
 * @param baseImage image spec of the base: {@code registry/repo:tag}, {@code docker://ref} or {@code tar://path}
 * @param baseImageOrigin the pom element or property the base came from, for messages
 * @param image the image reference to produce
 * @param imageOrigin the pom element or property the image name came from, for messages
 * @param target where the image goes
 * @param tarFile the file a {@link TargetKind#TAR} target writes
 * @param tags additional tags
 * @param credentials explicit credentials by registry host (settings.xml servers and pom auth)
 * @param dockerExecutable the {@code docker} client for a {@link TargetKind#DOCKER} target (null: from PATH)
 */
public record ImageSettings(String baseImage, String baseImageOrigin, String image, String imageOrigin,
    TargetKind target, Path tarFile, List<String> tags, Map<String, Credential> credentials,
    boolean allowInsecureRegistries, boolean offline, Map<String, String> labels, Map<String, String> environment,
    List<String> jvmFlags, String platform, Path dockerExecutable) {

  public ImageSettings {
    Objects.requireNonNull(baseImage, "baseImage");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(target, "target");
    tags = List.copyOf(tags);
    credentials = Map.copyOf(credentials);
    labels = Map.copyOf(labels);
    environment = Map.copyOf(environment);
    jvmFlags = List.copyOf(jvmFlags);
  }

  @Override
  public String toString() {
    return "ImageSettings[base=" + baseImage + ", image=" + image + ", target=" + target + ", tags=" + tags
        + ", registriesWithCredentials=" + credentials.keySet() + "]";
  }
}
