package io.baetyl.function.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One named image layer: files and directories from the build machine, each placed at an absolute
 * path in the image with a file mode. Entries are sorted by image path and stamped with one fixed
 * modification time and a fixed owner, so the same input always gives the same layer digest.
 */
public final class LayerSpec {

  /** Jib's default: one second after the epoch (some tools treat 0 as "unset"). */
  public static final Instant DEFAULT_MODIFICATION_TIME = Instant.ofEpochSecond(1);

  public static final int DEFAULT_FILE_MODE = 0644;
  public static final int DEFAULT_EXECUTABLE_MODE = 0755;
  public static final int DEFAULT_DIRECTORY_MODE = 0755;

  /** One file or directory of the layer. */
  public static final class Entry {
    private final Path source;
    private final String imagePath;
    private final int mode;
    private final String ownership;

    Entry(Path source, String imagePath, int mode, String ownership) {
      this.source = Objects.requireNonNull(source, "source");
      this.imagePath = checkImagePath(imagePath);
      if (mode < 0 || mode > 07777) {
        throw new IllegalArgumentException("The file mode " + Integer.toOctalString(mode)
            + " of " + imagePath + " is not a valid octal mode.");
      }
      this.mode = mode;
      this.ownership = Objects.requireNonNull(ownership, "ownership");
    }

    public Path source() {
      return source;
    }

    /** Absolute Unix path in the image. */
    public String imagePath() {
      return imagePath;
    }

    /** Permission bits, e.g. {@code 0644}. */
    public int mode() {
      return mode;
    }

    /** {@code uid:gid} (or empty for root). */
    public String ownership() {
      return ownership;
    }

    @Override
    public String toString() {
      return source + " -> " + imagePath + " (" + Integer.toOctalString(mode) + ")";
    }
  }

  private final String name;
  private final List<Entry> entries;
  private final Instant modificationTime;

  private LayerSpec(String name, List<Entry> entries, Instant modificationTime) {
    this.name = name;
    this.entries = entries;
    this.modificationTime = modificationTime;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** Entries sorted by image path. */
  public List<Entry> entries() {
    return entries;
  }

  public Instant modificationTime() {
    return modificationTime;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public String toString() {
    return "layer '" + name + "' (" + entries.size() + " entries)";
  }

  private static String checkImagePath(String imagePath) {
    Objects.requireNonNull(imagePath, "imagePath");
    if (!imagePath.startsWith("/")) {
      throw new IllegalArgumentException(
          "The image path '" + imagePath + "' is not absolute: image paths start with '/'.");
    }
    String normalized = imagePath.replaceAll("/+", "/");
    if (normalized.length() > 1 && normalized.endsWith("/")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    return normalized;
  }

  /** Collects entries; {@link #build()} sorts them. */
  public static final class Builder {
    private final String name;
    private final List<Entry> entries = new ArrayList<>();
    private Instant modificationTime = DEFAULT_MODIFICATION_TIME;
    private String ownership = "";

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("A layer needs a name.");
      }
      this.name = name;
    }

    /** The fixed modification time of every entry (default: one second after the epoch). */
    public Builder modificationTime(Instant time) {
      this.modificationTime = Objects.requireNonNull(time, "time");
      return this;
    }

    /** The owner of entries added after this call, as {@code uid:gid} (default root). */
    public Builder ownership(String uidGid) {
      this.ownership = Objects.requireNonNull(uidGid, "uidGid");
      return this;
    }

    /** Adds one file (or directory, without its content) at an absolute image path. */
    public Builder add(Path source, String imagePath, int mode) {
      entries.add(new Entry(source, imagePath, mode, ownership));
      return this;
    }

    /** Adds one regular file with mode 0644. */
    public Builder addFile(Path source, String imagePath) {
      return add(source, imagePath, DEFAULT_FILE_MODE);
    }

    /**
     * Adds a directory tree: {@code directory} itself becomes {@code imageDirectory}, every file
     * below it keeps its relative path. Files get {@code fileMode} (or 0755 when executable on the
     * build machine and {@code keepExecutableBit} is set), directories 0755.
     */
    public Builder addTree(Path directory, String imageDirectory, int fileMode,
        boolean keepExecutableBit) {
      String base = checkImagePath(imageDirectory);
      try (Stream<Path> walk = Files.walk(directory)) {
        walk.sorted().forEach(path -> {
          String relative = directory.relativize(path).toString().replace('\\', '/');
          String target = relative.isEmpty() ? base : (base.equals("/") ? "" : base) + "/" + relative;
          if (Files.isDirectory(path)) {
            add(path, target, DEFAULT_DIRECTORY_MODE);
          } else {
            boolean executable = keepExecutableBit && Files.isExecutable(path);
            add(path, target, executable ? DEFAULT_EXECUTABLE_MODE : fileMode);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the directory " + directory + ": " + e, e);
      }
      return this;
    }

    /** Adds the contents of a directory tree with modes 0644 / 0755. */
    public Builder addTree(Path directory, String imageDirectory) {
      return addTree(directory, imageDirectory, DEFAULT_FILE_MODE, true);
    }

    public LayerSpec build() {
      List<Entry> sorted = new ArrayList<>(entries);
      sorted.sort(Comparator.comparing(Entry::imagePath));
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i).imagePath().equals(sorted.get(i - 1).imagePath())) {
          throw new IllegalArgumentException("The layer '" + name + "' puts two files at "
              + sorted.get(i).imagePath() + ": " + sorted.get(i - 1).source() + " and "
              + sorted.get(i).source() + ".");
        }
      }
      return new LayerSpec(name, List.copyOf(sorted), modificationTime);
    }
  }
}
