package io.baetyl.function.image.jre;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The files of one image layer, keyed by their path in the image: directories, regular files
 * (copied from the build machine) and symbolic links. Written as a tar with entries sorted by
 * path, root ownership and one fixed modification time, so equal trees give equal bytes.
 */
final class RootfsTree {

  enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK
  }

  static final class Node {
    final Kind kind;
    final Path source;
    final String linkTarget;
    final int mode;
    final byte[] content;

    Node(Kind kind, Path source, String linkTarget, int mode, byte[] content) {
      this.kind = kind;
      this.source = source;
      this.linkTarget = linkTarget;
      this.mode = mode;
      this.content = content;
    }
  }

  private final Map<String, Node> nodes = new TreeMap<>();

  /** Adds a directory (and its parents). */
  void directory(String imagePath, int mode) {
    String path = normalize(imagePath);
    if (path.isEmpty()) {
      return;
    }
    parents(path);
    Node existing = nodes.get(path);
    if (existing == null || existing.kind == Kind.DIRECTORY) {
      nodes.put(path, new Node(Kind.DIRECTORY, null, null, mode, null));
    } else {
      throw new IllegalStateException("/" + path + " is both a directory and a "
          + existing.kind.name().toLowerCase() + " in the layer.");
    }
  }

  /** Adds a copy of {@code source} (parents become directories). */
  void file(String imagePath, Path source, int mode) {
    put(normalize(imagePath), new Node(Kind.FILE, source, null, mode, null));
  }

  /** Adds a file with the given bytes. */
  void content(String imagePath, byte[] content, int mode) {
    put(normalize(imagePath), new Node(Kind.FILE, null, null, mode, content.clone()));
  }

  /** Adds a symbolic link to {@code target} (kept exactly as written). */
  void symlink(String imagePath, String target) {
    put(normalize(imagePath), new Node(Kind.SYMLINK, null, target, 0777, null));
  }

  boolean contains(String imagePath) {
    return nodes.containsKey(normalize(imagePath));
  }

  Map<String, Node> nodes() {
    return nodes;
  }

  /**
   * Adds a directory tree of the build machine at {@code imageDirectory}: symbolic links stay
   * links, executables get 0755, other files 0644. {@code skip} names relative paths to leave out.
   */
  void tree(Path directory, String imageDirectory, Set<String> skip) throws IOException {
    String base = normalize(imageDirectory);
    directory(base, 0755);
    try (var walk = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        String relative = directory.relativize(path).toString();
        if (relative.isEmpty() || skip.contains(relative)) {
          continue;
        }
        String target = base + "/" + relative;
        if (Files.isSymbolicLink(path)) {
          symlink(target, Files.readSymbolicLink(path).toString());
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          directory(target, 0755);
        } else {
          file(target, path, isExecutable(path) ? 0755 : 0644);
        }
      }
    }
  }

  static boolean isExecutable(Path path) throws IOException {
    try {
      return Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)
          .contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (UnsupportedOperationException e) {
      return Files.isExecutable(path);
    }
  }

  /** Writes the layer as an uncompressed tar. */
  void write(OutputStream out, Instant modificationTime) throws IOException {
    Date time = Date.from(modificationTime);
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Map.Entry<String, Node> item : nodes.entrySet()) {
      Node node = item.getValue();
      TarArchiveEntry entry;
      switch (node.kind) {
        case DIRECTORY:
          entry = new TarArchiveEntry(item.getKey() + "/", TarConstants.LF_DIR);
          break;
        case SYMLINK:
          entry = new TarArchiveEntry(item.getKey(), TarConstants.LF_SYMLINK);
          entry.setLinkName(node.linkTarget);
          break;
        default:
          entry = new TarArchiveEntry(item.getKey(), TarConstants.LF_NORMAL);
          entry.setSize(node.content != null ? node.content.length : Files.size(node.source));
      }
      entry.setMode(modeBits(node));
      entry.setModTime(time);
      entry.setUserId(0);
      entry.setGroupId(0);
      entry.setUserName("");
      entry.setGroupName("");
      tar.putArchiveEntry(entry);
      if (node.kind == Kind.FILE) {
        if (node.content != null) {
          tar.write(node.content);
        } else {
          try (InputStream in = Files.newInputStream(node.source)) {
            in.transferTo(tar);
          }
        }
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  private static int modeBits(Node node) {
    switch (node.kind) {
      case DIRECTORY:
        return 040000 | node.mode;
      case SYMLINK:
        return 0120000 | node.mode;
      default:
        return 0100000 | node.mode;
    }
  }

  private void put(String path, Node node) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("The image root / cannot be a file or link.");
    }
    parents(path);
    Node existing = nodes.get(path);
    if (existing != null && existing.kind == Kind.DIRECTORY) {
      throw new IllegalStateException("/" + path + " is both a directory and a "
          + node.kind.name().toLowerCase() + " in the layer.");
    }
    nodes.put(path, node);
  }

  private void parents(String path) {
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      String parent = path.substring(0, slash);
      Node existing = nodes.get(parent);
      if (existing == null) {
        directory(parent, 0755);
      } else if (existing.kind != Kind.DIRECTORY) {
        throw new IllegalStateException("/" + parent + " is a " + existing.kind.name()
            .toLowerCase() + " but /" + path + " needs it to be a directory.");
      }
    }
  }

  static String normalize(String imagePath) {
    String path = imagePath.replace('\\', '/').replaceAll("/+", "/");
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }
}
