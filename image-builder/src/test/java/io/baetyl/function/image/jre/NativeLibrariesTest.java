package io.baetyl.function.image.jre;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {

  @Test
  void reproducesEverySymbolicLinkOnTheWayToALibrary(@TempDir Path root) throws Exception {
    Path real = Files.createDirectories(root.resolve("usr/lib/x86_64"));
    Files.writeString(real.resolve("libz.so.1.2.13"), "elf");
    Files.createSymbolicLink(real.resolve("libz.so.1"), Path.of("libz.so.1.2.13"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));

    RootfsTree tree = new RootfsTree();
    List<Path> copied = new ArrayList<>();
    NativeLibraries.addHostPath(tree, root.resolve("lib/x86_64/libz.so.1"), copied::add);

    String base = RootfsTree.normalize(root.toString());
    assertThat(tree.nodes().get(base + "/lib").linkTarget).isEqualTo("usr/lib");
    assertThat(tree.nodes().get(base + "/usr/lib/x86_64/libz.so.1").linkTarget)
        .isEqualTo("libz.so.1.2.13");
    assertThat(tree.nodes().get(base + "/usr/lib/x86_64/libz.so.1.2.13").kind)
        .isEqualTo(RootfsTree.Kind.FILE);
    assertThat(copied).containsExactly(real.resolve("libz.so.1.2.13"));
  }

  @Test
  void findsTheLoaderAndLibcOfTheJdksJava() throws Exception {
    Path jre = JdkHome.DEFAULT.resolve("bin");
    NativeLibraries.Scan scan = NativeLibraries.onPath().scanFiles(List.of(jre.resolve("java")), jre);
    assertThat(scan.libraries).anyMatch(lib -> lib.endsWith("/libc.so.6"));
    assertThat(scan.libraries).anyMatch(lib -> lib.contains("ld-linux"));
  }
}
