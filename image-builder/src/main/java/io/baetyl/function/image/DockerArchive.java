package io.baetyl.function.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a {@code docker save} / {@code docker load} tar: its manifest, config and the digests of
 * its layer files, without unpacking it.
 */
public final class DockerArchive {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern DIGEST_NAMED_LAYER =
      java.util.regex.Pattern.compile("[0-9a-f]{64}\\.tar(\\.gz)?");

  private final List<String> repoTags;
  private final String configName;
  private final JsonNode config;
  private final List<String> layerFiles;
  private final List<String> layerDigests;

  private DockerArchive(List<String> repoTags, String configName, JsonNode config,
      List<String> layerFiles, List<String> layerDigests) {
    this.repoTags = List.copyOf(repoTags);
    this.configName = configName;
    this.config = config;
    this.layerFiles = List.copyOf(layerFiles);
    this.layerDigests = List.copyOf(layerDigests);
  }

  /** Reads {@code tar}; fails with a message naming the file when it is not a docker save tar. */
  public static DockerArchive read(Path tar) throws ImageBuildException {
    return read(tar, false);
  }

  /**
   * Reads {@code tar} like {@link #read}, but takes the digest of a layer file named
   * {@code <sha256 hex>.tar.gz} (as jib writes them) from its name instead of hashing it: fast for
   * large images whose writer is trusted.
   */
  public static DockerArchive readDigestNamedLayers(Path tar) throws ImageBuildException {
    return read(tar, true);
  }

  private static DockerArchive read(Path tar, boolean trustDigestNames) throws ImageBuildException {
    if (!Files.isRegularFile(tar)) {
      throw new ImageBuildException("The image tar file " + tar + " does not exist.");
    }
    Map<String, String> digests = new HashMap<>();
    Map<String, byte[]> jsonFiles = new HashMap<>();
    try (InputStream in = Files.newInputStream(tar);
        TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = entries.getNextEntry()) != null) {
        if (!entry.isFile()) {
          continue;
        }
        String name = entry.getName();
        if (name.endsWith(".json")) {
          jsonFiles.put(name, entries.readAllBytes());
        } else if (trustDigestNames && DIGEST_NAMED_LAYER.matcher(name).matches()) {
          digests.put(name, "sha256:" + name.substring(0, 64));
        } else {
          digests.put(name, sha256(entries));
        }
      }
    } catch (IOException e) {
      throw new ImageBuildException("The image tar file " + tar + " cannot be read: "
          + e.getMessage(), e);
    }
    byte[] manifestBytes = jsonFiles.get("manifest.json");
    if (manifestBytes == null) {
      throw new ImageBuildException("The image tar file " + tar
          + " has no manifest.json: it is not in docker save format.");
    }
    try {
      JsonNode manifest = JSON.readTree(manifestBytes).get(0);
      String configName = manifest.get("Config").asText();
      byte[] configBytes = jsonFiles.get(configName);
      if (configBytes == null) {
        throw new ImageBuildException("The image tar file " + tar + " names the config "
            + configName + " in manifest.json but does not contain it.");
      }
      List<String> tags = new ArrayList<>();
      if (manifest.hasNonNull("RepoTags")) {
        manifest.get("RepoTags").forEach(tag -> tags.add(tag.asText()));
      }
      List<String> layers = new ArrayList<>();
      List<String> layerDigests = new ArrayList<>();
      for (JsonNode layer : manifest.get("Layers")) {
        String name = layer.asText();
        String digest = digests.get(name);
        if (digest == null) {
          throw new ImageBuildException("The image tar file " + tar + " names the layer " + name
              + " in manifest.json but does not contain it.");
        }
        layers.add(name);
        layerDigests.add(digest);
      }
      return new DockerArchive(tags, configName, JSON.readTree(configBytes), layers,
          layerDigests);
    } catch (IOException | RuntimeException e) {
      throw new ImageBuildException("The manifest.json or config of image tar file " + tar
          + " is not valid: " + e.getMessage(), e);
    }
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (DigestInputStream digesting = new DigestInputStream(in, digest) {
          @Override
          public void close() {
            // the tar stream stays open for the next entry
          }
        }) {
      digesting.transferTo(OutputStreamSink.INSTANCE);
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  public List<String> repoTags() {
    return repoTags;
  }

  public String configName() {
    return configName;
  }

  /** The image config (entrypoint, env, user, rootfs.diff_ids, ...). */
  public JsonNode config() {
    return config;
  }

  /** Layer file names inside the tar, bottom-up. */
  public List<String> layerFiles() {
    return layerFiles;
  }

  /** sha256 digests of the layer files as stored in the tar, bottom-up. */
  public List<String> layerDigests() {
    return layerDigests;
  }

  /** The uncompressed layer digests from the config ({@code rootfs.diff_ids}), bottom-up. */
  public List<String> diffIds() {
    List<String> ids = new ArrayList<>();
    config.path("rootfs").path("diff_ids").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  /** Discards bytes. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
