package io.baetyl.function.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads the layer digests of a freshly built image back from where it was written. */
final class LayerDigests {

  private LayerDigests() {}

  static List<String> of(ImageTarget target, ImageReference reference, JibContainer container,
      RegistryAuth auth, Consumer<LogEvent> logs) throws ImageBuildException {
    switch (target.kind()) {
      case TAR:
        // jib names each layer file by its digest: no need to hash the whole image again
        return DockerArchive.readDigestNamedLayers(target.tarFile().orElseThrow().toAbsolutePath())
            .layerDigests();
      case REGISTRY:
        return fromRegistry(reference, container.getDigest().toString(), auth, logs);
      default:
        return List.of();
    }
  }

  private static List<String> fromRegistry(ImageReference reference, String digest,
      RegistryAuth auth, Consumer<LogEvent> logs) {
    FailoverHttpClient http = new FailoverHttpClient(auth.allowInsecureRegistries(), false,
        logs);
    try {
      Optional<Credential> credential = RegistryCredentials.find(reference, auth, logs);
      RegistryClient.Factory factory = RegistryClient.factory(EventHandlers.NONE,
          reference.getRegistry(), reference.getRepository(), http);
      credential.ifPresent(factory::setCredential);
      RegistryClient client = factory.newRegistryClient();
      if (!client.doPullBearerAuth() && credential.isPresent()) {
        client.configureBasicAuth();
      }
      ManifestTemplate manifest = client.pullManifest(digest).getManifest();
      List<String> digests = new ArrayList<>();
      if (manifest instanceof BuildableManifestTemplate) {
        ((BuildableManifestTemplate) manifest).getLayers()
            .forEach(layer -> digests.add(layer.getDigest().toString()));
      }
      return digests;
    } catch (Exception e) {
      logs.accept(LogEvent.warn("Cannot read the layer digests of " + reference + " back from "
          + reference.getRegistry() + ": " + e.getMessage()));
      return List.of();
    } finally {
      try {
        http.shutDown();
      } catch (IOException e) {
        logs.accept(LogEvent.debug("closing the registry connection: " + e.getMessage()));
      }
    }
  }
}
