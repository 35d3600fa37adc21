package io.baetyl.function.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.ProgressEventHandler;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Builds container images with jib-core from an {@link ImageBuildRequest}. Knows nothing about
 * Maven; every failure is an {@link ImageBuildException} with a one-sentence message.
 */
public final class ImageBuilder {

  /** Builds the image described by {@code request} and returns what was built. */
  public ImageBuildResult build(ImageBuildRequest request) throws ImageBuildException {
    ImageSpec base = ImageSpec.parse(request.baseImage(), request.baseDirectory());
    ImageTarget target = request.target();
    ImageReference targetReference = ImageReferences.parse(target.reference(),
        "target image");
    for (String tag : request.additionalTags()) {
      if (!ImageReference.isValidTag(tag)) {
        throw new ImageBuildException("The additional tag '" + tag + "' of image "
            + target.reference() + " is not a valid tag.");
      }
    }
    Consumer<String> progress = request.progressListener();
    Consumer<LogEvent> logs = logForwarder(request.logListener());
    JibFailures failures = new JibFailures(base, target, request.registryAuth(),
        request.insecureRegistriesOption());

    JibContainerBuilder jib = from(base, request.registryAuth(), logs);
    configure(jib, request);
    Containerizer containerizer = containerizer(target, targetReference, request, logs);

    if (!request.registryAuth().offline()) {
      boolean insecure = request.registryAuth().allowInsecureRegistries();
      if (base.kind() == ImageSpec.Kind.REGISTRY) {
        RegistryPreflight.check(ImageReferences.parse(base.reference().orElseThrow(), "base image"),
            insecure, request.insecureRegistriesOption());
      }
      if (target.kind() == ImageTarget.Kind.REGISTRY) {
        RegistryPreflight.check(targetReference, insecure, request.insecureRegistriesOption());
      }
    }
    progress.accept("Building image " + target + " from " + base);
    JibContainer container;
    try {
      container = jib.containerize(containerizer);
      if (target.kind() == ImageTarget.Kind.TAR) {
        // readers of the tar (docker load, skopeo, other builds) never see a half-written file
        Files.move(partialTar(target), target.tarFile().orElseThrow().toAbsolutePath(),
            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException("The build of image " + target + " was interrupted.", e);
    } catch (Exception e) {
      throw failures.translate(e);
    } finally {
      if (target.kind() == ImageTarget.Kind.TAR) {
        try {
          Files.deleteIfExists(partialTar(target));
        } catch (IOException e) {
          progress.accept("WARNING: cannot delete " + partialTar(target) + ": " + e.getMessage());
        }
      }
    }
    List<String> layerDigests = LayerDigests.of(target, targetReference, container,
        request.registryAuth(), logs);
    ImageBuildResult result = new ImageBuildResult(container.getTargetImage().toString(),
        container.getDigest().toString(), container.getImageId().toString(),
        container.getTags(), layerDigests, container.isImagePushed());
    // the caller reports the result in its own words (the Maven plugin says Built/Pushed ... with digest)
    request.logListener().log(ImageLog.Level.DEBUG, "Built image " + result.reference() + " with digest "
        + result.digest());
    return result;
  }

  private static JibContainerBuilder from(ImageSpec base, RegistryAuth auth,
      Consumer<LogEvent> logs) throws ImageBuildException {
    switch (base.kind()) {
      case SCRATCH:
        return Jib.fromScratch();
      case TAR:
        Path file = base.tarFile().orElseThrow();
        if (!Files.isRegularFile(file)) {
          throw new ImageBuildException("The base image tar file " + file + " does not exist.");
        }
        if (!Files.isReadable(file)) {
          throw new ImageBuildException("The base image tar file " + file + " is not readable.");
        }
        return Jib.from(TarImage.at(file));
      case DOCKER:
        return Jib.from(DockerDaemonImage.named(
            ImageReferences.parse(base.reference().orElseThrow(), "base image")));
      default:
        ImageReference reference = ImageReferences.parse(base.reference().orElseThrow(),
            "base image");
        return Jib.from(withCredentials(RegistryImage.named(reference), reference, auth, logs));
    }
  }

  static RegistryImage withCredentials(RegistryImage image, ImageReference reference,
      RegistryAuth auth, Consumer<LogEvent> logs) {
    RegistryCredentials.explicit(reference, auth)
        .ifPresent(credentials -> image.addCredential(credentials.username(),
            credentials.password()));
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(reference, logs);
    if (auth.useDockerConfig()) {
      image.addCredentialRetriever(
          auth.dockerConfigFile().map(factory::dockerConfig).orElseGet(factory::dockerConfig));
    }
    if (auth.useCredentialHelpers()) {
      image.addCredentialRetriever(factory.wellKnownCredentialHelpers());
    }
    return image;
  }

  private static void configure(JibContainerBuilder jib, ImageBuildRequest request)
      throws ImageBuildException {
    List<FileEntriesLayer> layers = new ArrayList<>();
    for (LayerSpec layer : request.layers()) {
      if (!layer.isEmpty()) {
        layers.add(toJibLayer(layer));
      }
    }
    jib.setFileEntriesLayers(layers);
    request.entrypoint().ifPresent(jib::setEntrypoint);
    request.cmd().ifPresent(jib::setProgramArguments);
    request.environment().forEach(jib::addEnvironmentVariable);
    request.labels().forEach(jib::addLabel);
    request.user().ifPresent(jib::setUser);
    if (request.workingDirectory().isPresent()) {
      String directory = request.workingDirectory().get();
      if (!directory.startsWith("/")) {
        throw new ImageBuildException("The working directory '" + directory + "' of image "
            + request.target().reference() + " is not an absolute path.");
      }
      jib.setWorkingDirectory(AbsoluteUnixPath.get(directory));
    }
    jib.setCreationTime(request.creationTime());
    jib.setFormat(request.format() == ImageBuildRequest.Format.OCI
        ? ImageFormat.OCI : ImageFormat.Docker);
    String[] platform = request.platform().split("/", 2);
    if (platform.length != 2 || platform[0].isEmpty() || platform[1].isEmpty()) {
      throw new ImageBuildException("The platform '" + request.platform()
          + "' is not of the form os/architecture (for example linux/amd64).");
    }
    jib.setPlatforms(Set.of(new Platform(platform[1], platform[0])));
  }

  private static FileEntriesLayer toJibLayer(LayerSpec layer) throws ImageBuildException {
    FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName(layer.name());
    for (LayerSpec.Entry entry : layer.entries()) {
      if (!Files.exists(entry.source())) {
        throw new ImageBuildException("The file " + entry.source() + " for " + entry.imagePath()
            + " in layer '" + layer.name() + "' does not exist.");
      }
      builder.addEntry(new FileEntry(entry.source(), AbsoluteUnixPath.get(entry.imagePath()),
          FilePermissions.fromOctalString(String.format("%03o", entry.mode() & 0777)),
          layer.modificationTime(), entry.ownership()));
    }
    return builder.build();
  }

  private static Containerizer containerizer(ImageTarget target, ImageReference reference,
      ImageBuildRequest request, Consumer<LogEvent> logs) throws ImageBuildException {
    Containerizer containerizer;
    switch (target.kind()) {
      case TAR:
        Path file = target.tarFile().orElseThrow().toAbsolutePath();
        try {
          Files.createDirectories(file.getParent());
        } catch (IOException e) {
          throw new ImageBuildException("Cannot create the directory " + file.getParent()
              + " for image tar " + file + ": " + e.getMessage(), e);
        }
        containerizer = Containerizer.to(TarImage.at(partialTar(target)).named(reference));
        break;
      case DOCKER:
        DockerDaemonImage docker = DockerDaemonImage.named(reference);
        target.dockerExecutable().ifPresent(docker::setDockerExecutable);
        docker.setDockerEnvironment(target.dockerEnvironment());
        containerizer = Containerizer.to(docker);
        break;
      default:
        containerizer = Containerizer.to(withCredentials(RegistryImage.named(reference), reference,
            request.registryAuth(), logs));
    }
    request.additionalTags().forEach(containerizer::withAdditionalTag);
    RegistryAuth auth = request.registryAuth();
    containerizer.setAllowInsecureRegistries(auth.allowInsecureRegistries())
        .setOfflineMode(auth.offline())
        .setToolName(request.toolName());
    request.baseImageCache().ifPresent(containerizer::setBaseImageLayersCache);
    request.applicationLayersCache().ifPresent(containerizer::setApplicationLayersCache);
    containerizer.addEventHandler(LogEvent.class, logs);
    containerizer.addEventHandler(ProgressEvent.class,
        progressForwarder(request.progressListener()));
    return containerizer;
  }

  /** Where jib writes a tar target before it is moved into place (same directory). */
  private static Path partialTar(ImageTarget target) {
    Path file = target.tarFile().orElseThrow().toAbsolutePath();
    return file.resolveSibling("." + file.getFileName() + ".partial-" + ProcessHandle.current().pid());
  }

  /** Jib's retry chatter and its long configuration echoes: useful with -X, noise otherwise. */
  private static final Pattern JIB_DEBUG_CHATTER = Pattern.compile(
      "(?s).*(failed and will be retried|^Container entrypoint set to|^Container program arguments set to).*");

  /** A bare exception class name (and message): jib logs it before failing; our one sentence says it better. */
  private static final Pattern EXCEPTION_NAME = Pattern.compile(
      "(?s)([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error)\\b.*");

  /** The path of a URL in a message: jib repeats its warnings for every blob of a registry, URL aside. */
  private static final Pattern URL_PATH = Pattern.compile("(https?://[^/\\s]+)/\\S*");

  /**
   * Maps jib's log events to {@link ImageLog} levels; retry chatter and echoes go to debug, and so does a
   * warning or note said already in this build (the same text, URL paths aside).
   */
  static Consumer<LogEvent> logForwarder(ImageLog log) {
    Set<String> said = ConcurrentHashMap.newKeySet();
    return event -> {
      String message = event.getMessage();
      ImageLog.Level level = switch (event.getLevel()) {
        case ERROR -> ImageLog.Level.ERROR;
        case WARN -> ImageLog.Level.WARN;
        case LIFECYCLE, INFO -> ImageLog.Level.INFO;
        default -> ImageLog.Level.DEBUG;
      };
      if (message.isBlank() || JIB_DEBUG_CHATTER.matcher(message).matches()
          || EXCEPTION_NAME.matcher(message).matches()) {
        level = ImageLog.Level.DEBUG;
      }
      if (level != ImageLog.Level.DEBUG && level != ImageLog.Level.ERROR
          && !said.add(level + " " + URL_PATH.matcher(message).replaceAll("$1"))) {
        level = ImageLog.Level.DEBUG;
      }
      log.log(level, message);
    };
  }

  private static ProgressEventHandler progressForwarder(Consumer<String> listener) {
    AtomicInteger lastReported = new AtomicInteger(-1);
    return new ProgressEventHandler(update -> {
      int percent = (int) Math.floor(update.getProgress() * 100);
      int step = percent / 10 * 10;
      int previous = lastReported.get();
      if (step > previous && lastReported.compareAndSet(previous, step)) {
        listener.accept("Progress: " + step + "%");
      }
    });
  }
}
