package io.baetyl.function.maven.testing;

import io.baetyl.function.image.ImageBuildRequest;
import io.baetyl.function.image.ImageBuilder;
import io.baetyl.function.image.ImageTarget;
import io.baetyl.function.image.LayerSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny {@code docker save} base image, standing in for the runtime image in tests. */
public final class BaseImages {

  private BaseImages() {
  }

  /** Writes {@code dir/base.tar}: one layer holding /opt/baetyl/base.txt, entrypoint {@code /bin/true}. */
  public static Path smallTar(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path marker = Files.writeString(dir.resolve("base.txt"), "stand-in for the runtime image\n");
    return build(dir, LayerSpec.builder("base").addFile(marker, "/opt/baetyl/base.txt").build(), null);
  }

  /** Like {@link #smallTar} with {@code user} (e.g. {@code 1000:1000}) as the image's user. */
  public static Path smallTarWithUser(Path dir, String user) throws Exception {
    Files.createDirectories(dir);
    Path marker = Files.writeString(dir.resolve("base.txt"), "stand-in for the runtime image\n");
    return build(dir, LayerSpec.builder("base").addFile(marker, "/opt/baetyl/base.txt").build(), user);
  }

  /** Like {@link #smallTar} with a jlink-style /opt/java/release naming {@code modules}. */
  public static Path withJavaRelease(Path dir, String modules) throws Exception {
    Files.createDirectories(dir);
    Path release = Files.writeString(dir.resolve("release"), "JAVA_VERSION=\"17.0.15\"\nMODULES=\"" + modules
        + "\"\n");
    return build(dir, LayerSpec.builder("jre").addFile(release, "/opt/java/release").build(), null);
  }

  private static Path build(Path dir, LayerSpec layer, String user) throws Exception {
    Path tar = dir.resolve("base.tar");
    ImageBuildRequest.Builder request = ImageBuildRequest.builder()
        .from("scratch")
        .to(ImageTarget.tar("baetyl-test-base:1", tar))
        .addLayer(layer)
        .entrypoint("/bin/true")
        .workingDirectory("/");
    if (user != null) {
      request.user(user);
    }
    new ImageBuilder().build(request.build());
    return tar;
  }
}
