package io.baetyl.function.image.jre;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a one-layer image as a {@code docker save} tar ({@code manifest.json}, config, and the
 * uncompressed layer), which jib, {@code docker load} and skopeo all read. Unlike jib's own layers
 * this layer keeps symbolic links.
 */
final class DockerSaveTar {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerSaveTar() {}

  static void write(Path out, RootfsTree tree, String reference, List<String> environment,
      String createdBy, Instant modificationTime, String architecture) throws IOException {
    Path directory = out.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path layer = Files.createTempFile(directory, ".layer", ".tar");
    Path partial = Files.createTempFile(directory, ".image", ".tar");
    try {
      MessageDigest layerDigest = sha256();
      try (OutputStream file = Files.newOutputStream(layer);
          DigestOutputStream digesting = new DigestOutputStream(file, layerDigest)) {
        tree.write(digesting, modificationTime);
      }
      String diffId = HexFormat.of().formatHex(layerDigest.digest());

      ObjectNode config = JSON.createObjectNode();
      config.put("architecture", architecture);
      ObjectNode containerConfig = config.putObject("config");
      ArrayNode env = containerConfig.putArray("Env");
      environment.forEach(env::add);
      config.put("created", "1970-01-01T00:00:00Z");
      ObjectNode history = config.putArray("history").addObject();
      history.put("created", "1970-01-01T00:00:00Z");
      history.put("created_by", createdBy);
      config.put("os", "linux");
      ObjectNode rootfs = config.putObject("rootfs");
      rootfs.put("type", "layers");
      rootfs.putArray("diff_ids").add("sha256:" + diffId);
      byte[] configBytes = JSON.writeValueAsBytes(config);
      String configName = HexFormat.of().formatHex(sha256().digest(configBytes)) + ".json";
      String layerName = diffId + "/layer.tar";

      ArrayNode manifest = JSON.createArrayNode();
      ObjectNode image = manifest.addObject();
      image.put("Config", configName);
      image.putArray("RepoTags").add(reference);
      image.putArray("Layers").add(layerName);
      byte[] manifestBytes = JSON.writeValueAsBytes(manifest);

      Date time = Date.from(modificationTime);
      try (OutputStream file = Files.newOutputStream(partial);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(file, "UTF-8")) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        bytes(tar, configName, configBytes, time);
        TarArchiveEntry dir = new TarArchiveEntry(diffId + "/");
        dir.setMode(040755);
        stamp(dir, time);
        tar.putArchiveEntry(dir);
        tar.closeArchiveEntry();
        TarArchiveEntry layerEntry = new TarArchiveEntry(layerName);
        layerEntry.setSize(Files.size(layer));
        layerEntry.setMode(0100644);
        stamp(layerEntry, time);
        tar.putArchiveEntry(layerEntry);
        try (InputStream in = Files.newInputStream(layer)) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
        bytes(tar, "manifest.json", manifestBytes, time);
        tar.finish();
      }
      Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(layer);
      Files.deleteIfExists(partial);
    }
  }

  private static void bytes(TarArchiveOutputStream tar, String name, byte[] content, Date time)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100644);
    stamp(entry, time);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static void stamp(TarArchiveEntry entry, Date time) {
    entry.setModTime(time);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
