package io.baetyl.function.image.jre;

import io.baetyl.function.image.ImageBuildException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK that can cut a JRE: it has {@code jlink}, {@code jdeps} and {@code jmods}, and is of the
 * required feature version (a JDK without jmods would silently give a JRE of its own version).
 */
public final class JdkHome {

  /** The JDK used when none is configured. */
  public static final Path DEFAULT = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"?([0-9][^\"\\s]*)\"?", Pattern.MULTILINE);

  private final Path home;
  private final String version;
  private final String release;

  private JdkHome(Path home, String version, String release) {
    this.home = home;
    this.version = version;
    this.release = release;
  }

  /** Checks that {@code home} is a JDK of {@code featureVersion} with jmods. */
  public static JdkHome of(Path home, int featureVersion) throws ImageBuildException {
    Path absolute = home.toAbsolutePath().normalize();
    Path releaseFile = absolute.resolve("release");
    if (!Files.isRegularFile(releaseFile)) {
      throw new ImageBuildException("The JDK for jlink " + absolute
          + " is not a JDK (no release file): point it at a JDK " + featureVersion
          + " with jmods.");
    }
    String release;
    try {
      release = Files.readString(releaseFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ImageBuildException("Cannot read " + releaseFile + ": " + e.getMessage(), e);
    }
    Matcher matcher = JAVA_VERSION.matcher(release);
    if (!matcher.find()) {
      throw new ImageBuildException("The release file " + releaseFile
          + " names no JAVA_VERSION.");
    }
    String version = matcher.group(1);
    int feature = Integer.parseInt(version.split("[.+-]")[0]);
    if (feature != featureVersion) {
      throw new ImageBuildException("The JDK for jlink " + absolute + " is Java " + version
          + ", not " + featureVersion + ": point it at a JDK " + featureVersion + " with jmods.");
    }
    for (String tool : new String[] {"bin/jlink", "bin/jdeps", "bin/java"}) {
      if (!Files.isExecutable(absolute.resolve(tool))) {
        throw new ImageBuildException("The JDK for jlink " + absolute + " has no " + tool + ".");
      }
    }
    if (!Files.isRegularFile(absolute.resolve("jmods/java.base.jmod"))) {
      throw new ImageBuildException("The JDK for jlink " + absolute + " has no jmods"
          + " (jmods/java.base.jmod): install the full JDK " + featureVersion
          + " (Debian: openjdk-" + featureVersion + "-jdk-headless with jmods) or pick another.");
    }
    return new JdkHome(absolute, version, release);
  }

  /**
   * The JDK from {@code configured}, else {@code $BAETYL_JLINK_JDK}, else {@link #DEFAULT}.
   */
  public static JdkHome resolve(Optional<Path> configured, int featureVersion)
      throws ImageBuildException {
    Path home = configured
        .or(() -> Optional.ofNullable(System.getenv("BAETYL_JLINK_JDK")).map(Path::of))
        .orElse(DEFAULT);
    return of(home, featureVersion);
  }

  public Path home() {
    return home;
  }

  /** e.g. {@code 17.0.15}. */
  public String version() {
    return version;
  }

  /** The release file's text (identifies the exact JDK build). */
  public String release() {
    return release;
  }

  Path tool(String name) {
    return home.resolve("bin").resolve(name);
  }

  @Override
  public String toString() {
    return home + " (Java " + version + ")";
  }
}
