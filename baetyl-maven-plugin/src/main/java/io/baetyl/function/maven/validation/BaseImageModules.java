package io.baetyl.function.maven.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baetyl.function.image.DockerArchive;
import io.baetyl.function.image.ImageBuildException;
import io.baetyl.function.image.runtime.RuntimeImageLayout;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The Java modules of a base image's JRE, read from the {@code MODULES=} line of {@code /opt/java/release}
 * (jlink writes it) in a {@code docker save} tar, so the modules check uses exactly the JRE the function
 * will run on.
 */
public final class BaseImageModules {

  static final String RELEASE_FILE = "opt/java/release";

  private BaseImageModules() {
  }

  /**
   * The modules, or empty when the tar has neither the runtime image's modules label nor an
   * {@code /opt/java/release} with a {@code MODULES=} line. The label is read first: it needs only
   * the tar's small JSON files, while the release file means unpacking the JRE layer.
   */
  public static Optional<Set<String>> fromDockerSaveTar(Path tar) throws IOException {
    Optional<Set<String>> labelled = fromLabel(tar);
    return labelled.isPresent() ? labelled : fromReleaseFile(tar);
  }

  private static Optional<Set<String>> fromLabel(Path tar) throws IOException {
    JsonNode config;
    try {
      config = DockerArchive.readDigestNamedLayers(tar).config();
    } catch (ImageBuildException e) {
      throw new IOException(e.getMessage(), e);
    }
    String label = config.path("config").path("Labels").path(RuntimeImageLayout.JAVA_MODULES_LABEL).asText("");
    Set<String> modules = new TreeSet<>(Arrays.asList(label.split(",")));
    modules.remove("");
    return modules.isEmpty() ? Optional.empty() : Optional.of(modules);
  }

  private static Optional<Set<String>> fromReleaseFile(Path tar) throws IOException {
    List<String> layerOrder = List.of();
    Map<String, String> releaseByLayer = new HashMap<>();
    try (TarArchiveInputStream outer = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
      TarArchiveEntry entry;
      while ((entry = outer.getNextEntry()) != null) {
        if (!entry.isFile()) {
          continue;
        }
        if (entry.getName().equals("manifest.json")) {
          layerOrder = layers(outer.readAllBytes());
        } else if (entry.getName().endsWith(".tar") || entry.getName().endsWith(".tar.gz")
            || entry.getName().endsWith("/layer.tar")) {
          String release = releaseFileIn(outer);
          if (release != null) {
            releaseByLayer.put(entry.getName(), release);
          }
        }
      }
    }
    // the topmost layer that has the file wins
    List<String> topDown = new ArrayList<>(layerOrder);
    java.util.Collections.reverse(topDown);
    for (String layer : topDown) {
      String release = releaseByLayer.get(layer);
      if (release != null) {
        return parseModules(release);
      }
    }
    return Optional.empty();
  }

  static Optional<Set<String>> parseModules(String release) {
    for (String line : release.split("\\R")) {
      if (line.startsWith("MODULES=")) {
        String value = line.substring("MODULES=".length()).replace("\"", "").strip();
        Set<String> modules = new TreeSet<>(Arrays.asList(value.split("\\s+")));
        modules.remove("");
        return modules.isEmpty() ? Optional.empty() : Optional.of(modules);
      }
    }
    return Optional.empty();
  }

  private static List<String> layers(byte[] manifestJson) throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(manifestJson);
    List<String> layers = new ArrayList<>();
    if (manifest.isArray() && manifest.size() > 0) {
      manifest.get(0).path("Layers").forEach(layer -> layers.add(layer.asText()));
    }
    return layers;
  }

  /** Reads one layer (gzip or plain tar) from the outer stream and returns its release file, if any. */
  private static String releaseFileIn(InputStream layer) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(new UnclosableInputStream(layer));
    buffered.mark(2);
    boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
    buffered.reset();
    InputStream content = gzip ? new GZIPInputStream(buffered) : buffered;
    TarArchiveInputStream inner = new TarArchiveInputStream(content);
    TarArchiveEntry entry;
    while ((entry = inner.getNextEntry()) != null) {
      String name = entry.getName();
      while (name.startsWith("./") || name.startsWith("/")) {
        name = name.substring(name.startsWith("./") ? 2 : 1);
      }
      if (entry.isFile() && name.equals(RELEASE_FILE)) {
        return new String(inner.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Lets an inner stream be read to its end without closing the outer tar. */
  private static final class UnclosableInputStream extends java.io.FilterInputStream {

    UnclosableInputStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the outer tar stream stays open
    }
  }

  /** The {@code tar://} path of a base image spec, if it is one. */
  public static Optional<Path> tarPath(String baseImage, Path baseDirectory) {
    if (baseImage == null || !baseImage.startsWith("tar://")) {
      return Optional.empty();
    }
    Path path = Path.of(baseImage.substring("tar://".length()));
    return Optional.of(path.isAbsolute() ? path : baseDirectory.resolve(path));
  }
}
