package io.baetyl.function.image.jre;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.image.DockerArchive;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerSaveTarTest {

  @TempDir Path tmp;

  @Test
  void keepsSymlinksModesAndFixedOwnershipAndIsByteForByteRepeatable() throws Exception {
    Path source = Files.createDirectories(tmp.resolve("jre/bin"));
    Path java = Files.writeString(source.resolve("java"), "#!binary");
    java.toFile().setExecutable(true);
    Files.writeString(source.getParent().resolve("release"), "JAVA_VERSION=\"17\"");
    Files.createSymbolicLink(source.getParent().resolve("current"), Path.of("bin/java"));

    Path first = write(source.getParent(), "first.tar");
    Path second = write(source.getParent(), "second.tar");
    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));

    DockerArchive archive = DockerArchive.read(first);
    assertThat(archive.repoTags()).containsExactly("test/jre:17");
    assertThat(archive.diffIds()).hasSize(1);
    assertThat(archive.config().path("architecture").asText()).isEqualTo("amd64");

    Map<String, TarArchiveEntry> entries = layerEntries(first, archive.layerFiles().get(0));
    assertThat(entries.keySet()).containsExactly("etc/", "etc/passwd", "lib64", "opt/",
        "opt/java/", "opt/java/bin/", "opt/java/bin/java", "opt/java/current",
        "opt/java/release", "tmp/");
    assertThat(entries.get("opt/java/bin/java").getMode()).isEqualTo(0100755);
    assertThat(entries.get("opt/java/release").getMode()).isEqualTo(0100644);
    assertThat(entries.get("opt/java/current").isSymbolicLink()).isTrue();
    assertThat(entries.get("opt/java/current").getLinkName()).isEqualTo("bin/java");
    assertThat(entries.get("lib64").getLinkName()).isEqualTo("usr/lib64");
    assertThat(entries.get("tmp/").getMode()).isEqualTo(041777);
    for (TarArchiveEntry entry : entries.values()) {
      assertThat(entry.getLongUserId()).isZero();
      assertThat(entry.getModTime().toInstant()).isEqualTo(Instant.ofEpochSecond(1));
    }
  }

  private Path write(Path jre, String name) throws Exception {
    RootfsTree tree = new RootfsTree();
    tree.tree(jre, "/opt/java", Set.of());
    tree.symlink("/lib64", "usr/lib64");
    tree.directory("/tmp", 01777);
    tree.content("/etc/passwd", "root:x:0:0::/:/x\n".getBytes(StandardCharsets.UTF_8), 0644);
    Path out = tmp.resolve(name);
    DockerSaveTar.write(out, tree, "test/jre:17", List.of("JAVA_HOME=/opt/java"), "test",
        Instant.ofEpochSecond(1), "amd64");
    return out;
  }

  private static Map<String, TarArchiveEntry> layerEntries(Path image, String layer)
      throws Exception {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(image);
        TarArchiveInputStream outer = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = outer.getNextEntry()) != null) {
        if (entry.getName().equals(layer)) {
          try (TarArchiveInputStream inner =
              new TarArchiveInputStream(new ByteArrayInputStream(outer.readAllBytes()))) {
            TarArchiveEntry e;
            while ((e = inner.getNextEntry()) != null) {
              entries.put(e.getName(), e);
            }
          }
        }
      }
    }
    return entries;
  }
}
