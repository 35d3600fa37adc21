package io.baetyl.function.image.runtime;

import io.baetyl.function.image.ImageBuildException;
import io.baetyl.function.image.ImageBuildResult;
import io.baetyl.function.image.ImageBuilder;
import io.baetyl.function.image.ImageTarget;
import io.baetyl.function.image.RegistryAuth;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the runtime image from the command line (the {@code runtime-image} module runs it):
 *
 * <pre>
 * java -cp ... io.baetyl.function.image.runtime.Main
 *     --runtime-jar FILE --classpath-file FILE --work DIR --tar FILE --name REF
 *     [--tag TAG]... [--push REF] [--from JRE_IMAGE_SPEC] [--java PATH] [--jdk DIR]
 *     [--jre-cache DIR] [--add-modules a,b] [--cds true|false] [--no-cds]
 *     [--allow-insecure-registries true|false] [--offline true|false] [--label KEY=VALUE]... [--base-cache DIR] [--layers-cache DIR]
 * </pre>
 *
 * Writes the tar ({@code docker load} format) and {@code image.digest}, {@code image.id} and
 * {@code image.json} next to it. Exit code 1 and one line on stderr on failure.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      RuntimeImageRequest request = parse(args, out);
      long start = System.nanoTime();
      RuntimeImageBuilder.Result result = new RuntimeImageBuilder(new ImageBuilder())
          .build(request);
      ImageBuildResult image = result.image();
      Path tar = request.target().tarFile().orElseThrow();
      image.writeTo(tar.toAbsolutePath().getParent());
      out.println("Runtime image " + image.reference() + " " + image.digest() + " written to "
          + tar + " in " + (System.nanoTime() - start) / 1_000_000 + " ms (base "
          + result.base() + ", class-data-sharing " + (result.classDataSharing() ? "on" : "off")
          + ")");
      result.pushed().ifPresent(pushed -> out.println("Pushed " + pushed.reference() + "@"
          + pushed.digest()));
      return 0;
    } catch (ImageBuildException | IllegalArgumentException e) {
      err.println("ERROR: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("ERROR: cannot write the image metadata: " + e.getMessage());
      return 1;
    }
  }

  static RuntimeImageRequest parse(String[] args, PrintStream out)
      throws ImageBuildException, IOException {
    RuntimeImageRequest.Builder request = RuntimeImageRequest.builder()
        .progress(line -> {
          // jib lists every file of every layer (tab-indented): keep the build log readable
          if (!line.startsWith("\t") && !line.isBlank()) {
            out.println("[runtime-image] " + line);
          }
        });
    RegistryAuth.Builder auth = RegistryAuth.builder();
    Path runtimeJar = null;
    Path tar = null;
    String name = null;
    Set<Path> classpath = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value;
      int equals = option.indexOf('=');
      if (option.startsWith("--") && equals > 0) {
        value = option.substring(equals + 1);
        option = option.substring(0, equals);
      } else if (option.equals("--no-cds")) {
        request.classDataSharing(false);
        continue;
      } else if (i + 1 >= args.length) {
        throw new IllegalArgumentException("The option " + option + " needs a value.");
      } else {
        value = args[++i];
      }
      switch (option) {
        case "--runtime-jar":
          runtimeJar = Path.of(value);
          break;
        case "--classpath-file":
          classpath.addAll(readClasspath(Path.of(value)));
          break;
        case "--dependency-jar":
          classpath.add(Path.of(value));
          break;
        case "--cds":
          request.classDataSharing(bool(option, value));
          break;
        case "--allow-insecure-registries":
          auth.allowInsecureRegistries(bool(option, value));
          break;
        case "--offline":
          auth.offline(bool(option, value));
          break;
        case "--work":
          request.workDirectory(Path.of(value));
          break;
        case "--tar":
          tar = Path.of(value);
          break;
        case "--name":
          name = value;
          break;
        case "--tag":
          if (!value.isBlank()) {
            request.additionalTag(value.strip());
          }
          break;
        case "--push":
          request.pushTo(value);
          break;
        case "--from":
          request.jreBaseImage(value);
          break;
        case "--java":
          request.javaExecutable(value);
          break;
        case "--jdk":
          if (!value.isBlank()) {
            request.jdk(Path.of(value));
          }
          break;
        case "--jre-cache":
          request.jreCache(Path.of(value));
          break;
        case "--add-modules":
          request.extraModules(Arrays.stream(value.split(",")).map(String::strip)
              .filter(s -> !s.isEmpty()).toList());
          break;
        case "--label":
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("The label '" + value + "' is not KEY=VALUE.");
          }
          request.label(value.substring(0, eq), value.substring(eq + 1));
          break;
        case "--base-cache":
          request.baseImageCache(Path.of(value));
          break;
        case "--layers-cache":
          request.applicationLayersCache(Path.of(value));
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + option + ".");
      }
    }
    if (runtimeJar == null) {
      throw new IllegalArgumentException("--runtime-jar is required.");
    }
    if (tar == null || name == null) {
      throw new IllegalArgumentException("--tar and --name are required.");
    }
    Path runtime = runtimeJar.toAbsolutePath().normalize();
    List<Path> dependencies = new ArrayList<>();
    for (Path entry : classpath) {
      Path normalized = entry.toAbsolutePath().normalize();
      // the same runtime jar may be listed from the reactor or from the local repository
      if (!normalized.getFileName().equals(runtime.getFileName())) {
        dependencies.add(normalized);
      }
    }
    return request.runtimeJar(runtime)
        .dependencyJars(dependencies)
        .target(ImageTarget.tar(name, tar.toAbsolutePath()))
        .registryAuth(auth.build())
        .build();
  }

  private static boolean bool(String option, String value) {
    switch (value.strip()) {
      case "true":
        return true;
      case "false":
      case "":
        return false;
      default:
        throw new IllegalArgumentException("The option " + option + " takes true or false, not '"
            + value + "'.");
    }
  }

  private static List<Path> readClasspath(Path file) throws IOException {
    List<Path> entries = new ArrayList<>();
    for (String entry : Files.readString(file, StandardCharsets.UTF_8).split("[:\\n\\r]+")) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry.strip()));
      }
    }
    return entries;
  }
}
