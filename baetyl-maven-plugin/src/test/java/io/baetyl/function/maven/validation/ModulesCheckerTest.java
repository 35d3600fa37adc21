package io.baetyl.function.maven.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.image.ImageBuildRequest;
import io.baetyl.function.image.ImageBuilder;
import io.baetyl.function.image.ImageTarget;
import io.baetyl.function.image.LayerSpec;
import io.baetyl.function.image.runtime.RuntimeImageLayout;
import io.baetyl.function.maven.testing.BaseImages;
import io.baetyl.function.maven.testing.SampleClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModulesCheckerTest {

  @Test
  void aClassUsingAModuleOutsideTheRuntimeIsNamedWithItsModule(@TempDir Path dir) throws Exception {
    Path classes = SampleClasses.compile(dir.resolve("classes"), Map.of("p.Ui",
        "package p; public class Ui { public Object handle(Object in) { return java.net.http.HttpClient.newHttpClient(); } }",
        "p.Log", "package p; public class Log { java.util.logging.Logger l; }"));

    List<ModuleUse> uses = new ModulesChecker(ModulesChecker.defaultRuntimeModules()).check(List.of(classes));

    assertThat(uses).containsExactly(new ModuleUse("java.net.http", "p.Ui", "java.net.http.HttpClient", "classes", 0));
    assertThat(uses.get(0).describe()).isEqualTo("p.Ui (classes) uses java.net.http.HttpClient from Java module java.net.http, "
        + "which the base image's JRE does not contain");
  }

  @Test
  void severalClassesOfOneInputUsingOneModuleGiveOneReport(@TempDir Path dir) throws Exception {
    Path classes = SampleClasses.compile(dir.resolve("classes"), Map.of(
        "p.A", "package p; public class A { Object a() { return java.net.http.HttpClient.newHttpClient(); } }",
        "p.B", "package p; public class B { Object b() { return java.net.http.HttpClient.newHttpClient(); } }"));

    List<ModuleUse> uses = new ModulesChecker(ModulesChecker.defaultRuntimeModules()).check(List.of(classes));

    assertThat(uses).hasSize(1);
    assertThat(uses.get(0).describe()).isEqualTo("p.A (classes) and 1 more of its classes use java.net.http.HttpClient "
        + "from Java module java.net.http, which the base image's JRE does not contain");
  }

  @Test
  void whatJdepsFoundInAnUnchangedJarComesFromTheCache(@TempDir Path dir) throws Exception {
    Path classes = SampleClasses.compile(dir.resolve("classes"), Map.of("p.Ui",
        "package p; public class Ui { Object h() { return java.net.http.HttpClient.newHttpClient(); } }"));
    Path jar = dir.resolve("ui-1.0.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.jar.JarEntry("p/Ui.class"));
      out.write(Files.readAllBytes(classes.resolve("p/Ui.class")));
    }
    Path cache = dir.resolve("cache");
    ModuleUse expected = new ModuleUse("java.net.http", "p.Ui", "java.net.http.HttpClient", "ui-1.0.jar", 0);

    assertThat(new ModulesChecker(ModulesChecker.defaultRuntimeModules(), cache).check(List.of(jar)))
        .containsExactly(expected);
    List<Path> entries;
    try (var files = Files.list(cache)) {
      entries = files.toList();
    }
    assertThat(entries).hasSize(1);

    // the cached list is what the next build reads: a forged one proves jdeps did not run again
    Files.writeString(entries.get(0), "jdk.forged\tp.Ui\tjdk.Forged\n");
    assertThat(new ModulesChecker(ModulesChecker.defaultRuntimeModules(), cache).check(List.of(jar)))
        .containsExactly(new ModuleUse("jdk.forged", "p.Ui", "jdk.Forged", "ui-1.0.jar", 0));

    // a changed jar is analysed again
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
    assertThat(new ModulesChecker(ModulesChecker.defaultRuntimeModules(), cache).check(List.of(jar)))
        .containsExactly(expected);
  }

  @Test
  void theModulesOfATarBaseImageComeFromItsJavaReleaseFile(@TempDir Path dir) throws Exception {
    Path tar = BaseImages.withJavaRelease(dir, "java.base java.logging jdk.unsupported");

    assertThat(BaseImageModules.fromDockerSaveTar(tar))
        .contains(Set.of("java.base", "java.logging", "jdk.unsupported"));
    assertThat(BaseImageModules.fromDockerSaveTar(BaseImages.smallTar(dir.resolve("plain")))).isEmpty();
  }

  @Test
  void theModulesOfTheRuntimeImageComeFromItsLabelWithoutUnpackingTheJreLayer(@TempDir Path dir) throws Exception {
    Path release = Files.writeString(dir.resolve("release"), "MODULES=\"java.base\"\n");
    Path tar = dir.resolve("labelled.tar");
    new ImageBuilder().build(ImageBuildRequest.builder()
        .from("scratch")
        .to(ImageTarget.tar("baetyl-test-base:1", tar))
        .addLayer(LayerSpec.builder("jre").addFile(release, "/opt/java/release").build())
        .labels(Map.of(RuntimeImageLayout.JAVA_MODULES_LABEL, "java.base,java.logging,jdk.unsupported"))
        .build());

    assertThat(BaseImageModules.fromDockerSaveTar(tar))
        .contains(Set.of("java.base", "java.logging", "jdk.unsupported"));
  }

  @Test
  void theShippedModuleListHoldsTheBaseModules() {
    assertThat(ModulesChecker.defaultRuntimeModules()).contains("java.base", "java.logging", "jdk.unsupported");
  }
}
