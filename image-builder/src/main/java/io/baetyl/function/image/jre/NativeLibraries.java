package io.baetyl.function.image.jre;

import io.baetyl.function.image.ImageBuildException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the shared libraries of the build machine that a JRE's binaries need ({@code ldd} on every
 * ELF file), and copies them into a layer with the same paths and symbolic links as on the build
 * machine (so {@code /lib64/ld-linux-x86-64.so.2} and merged-{@code /usr} links keep working).
 */
final class NativeLibraries {

  private static final Pattern RESOLVED = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+(/\\S+)\\s+\\(");
  private static final Pattern NOT_FOUND = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found");
  private static final Pattern DIRECT = Pattern.compile("^\\s*(/\\S+)\\s+\\(");

  /** What {@code ldd} found for a JRE. */
  static final class Scan {
    /** Absolute library paths on the build machine (as ldd printed them). */
    final Set<String> libraries = new TreeSet<>();
    /** JRE files (relative) that need a library the build machine does not have. */
    final Map<String, Set<String>> unresolvable = new TreeMap<>();
  }

  private final Path ldd;

  NativeLibraries(Path ldd) {
    this.ldd = ldd;
  }

  static NativeLibraries onPath() throws ImageBuildException {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "ldd");
      if (Files.isExecutable(candidate)) {
        return new NativeLibraries(candidate);
      }
    }
    throw new ImageBuildException("The hermetic JRE needs 'ldd' (glibc) on the PATH to find the "
        + "native libraries of the JRE; install libc-bin or use a JRE base image instead.");
  }

  /** Runs ldd on every ELF file below {@code jre}. */
  Scan scan(Path jre) throws ImageBuildException {
    Scan scan = new Scan();
    List<Path> elfFiles = new ArrayList<>();
    Set<String> jreLibraryNames = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(jre)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && isElf(path)) {
          elfFiles.add(path);
          jreLibraryNames.add(path.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new ImageBuildException("Cannot read the JRE " + jre + ": " + e.getMessage(), e);
    }
    return scanFiles(elfFiles, jre, jreLibraryNames, scan);
  }

  /** Runs ldd on {@code elfFiles}; libraries below {@code jre} are the JRE's own. */
  Scan scanFiles(List<Path> elfFiles, Path jre) throws ImageBuildException {
    Set<String> names = new TreeSet<>();
    elfFiles.forEach(file -> names.add(file.getFileName().toString()));
    return scanFiles(elfFiles, jre, names, new Scan());
  }

  private Scan scanFiles(List<Path> elfFiles, Path jre, Set<String> jreLibraryNames, Scan scan)
      throws ImageBuildException {
    for (Path elf : elfFiles) {
      String output = Tools.run(List.of(ldd.toString(), elf.toString()), null, 60);
      for (String line : output.split("\\R")) {
        Matcher notFound = NOT_FOUND.matcher(line);
        Matcher resolved = RESOLVED.matcher(line);
        Matcher direct = DIRECT.matcher(line);
        if (notFound.find()) {
          if (!jreLibraryNames.contains(notFound.group(1))) {
            scan.unresolvable.computeIfAbsent(jre.relativize(elf).toString(),
                k -> new TreeSet<>()).add(notFound.group(1));
          }
        } else if (resolved.find()) {
          String library = resolved.group(2);
          if (!Path.of(library).normalize().startsWith(jre.toAbsolutePath().normalize())
              && !jreLibraryNames.contains(resolved.group(1))) {
            scan.libraries.add(library);
          }
        } else if (direct.find()) {
          scan.libraries.add(direct.group(1));
        }
      }
    }
    return scan;
  }

  /**
   * Adds {@code hostPath} to {@code tree} the way the build machine resolves it: every symbolic
   * link on the way becomes a link in the layer, the final file is copied.
   */
  static void addHostPath(RootfsTree tree, Path hostPath, Consumer<Path> copied)
      throws IOException {
    addHostPath(tree, hostPath.toAbsolutePath(), copied, 0);
  }

  private static void addHostPath(RootfsTree tree, Path hostPath, Consumer<Path> copied,
      int depth) throws IOException {
    if (depth > 40) {
      throw new IOException("Too many symbolic links resolving " + hostPath);
    }
    Path current = hostPath.getRoot();
    int count = hostPath.getNameCount();
    for (int i = 0; i < count; i++) {
      Path next = current.resolve(hostPath.getName(i));
      if (Files.isSymbolicLink(next)) {
        Path target = Files.readSymbolicLink(next);
        tree.symlink(next.toString(), target.toString());
        Path resolved = (target.isAbsolute() ? target : next.getParent().resolve(target))
            .normalize();
        Path rest = i + 1 < count ? hostPath.subpath(i + 1, count) : null;
        addHostPath(tree, rest == null ? resolved : resolved.resolve(rest), copied, depth + 1);
        return;
      }
      current = next;
    }
    if (Files.isDirectory(current)) {
      tree.directory(current.toString(), 0755);
    } else {
      tree.file(current.toString(), current, RootfsTree.isExecutable(current) ? 0755 : 0644);
      copied.accept(current);
    }
  }

  static boolean isElf(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L'
          && magic[3] == 'F';
    } catch (IOException e) {
      return false;
    }
  }
}
