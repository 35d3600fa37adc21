package io.baetyl.function.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Finds the credentials for one image the same way the build does. */
final class RegistryCredentials {

  private static final List<String> DOCKER_HUB_ALIASES =
      List.of("registry-1.docker.io", "docker.io", "index.docker.io", "registry.hub.docker.com");

  private RegistryCredentials() {}

  static Optional<RegistryAuth.Credentials> explicit(ImageReference reference,
      RegistryAuth auth) {
    Optional<RegistryAuth.Credentials> direct = auth.credentialsFor(reference.getRegistry());
    if (direct.isPresent() || !DOCKER_HUB_ALIASES.contains(reference.getRegistry())) {
      return direct;
    }
    return DOCKER_HUB_ALIASES.stream()
        .map(auth::credentialsFor)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** Explicit credentials first, then Docker config, then credential helpers. */
  static Optional<Credential> find(ImageReference reference, RegistryAuth auth,
      Consumer<LogEvent> logs) {
    Optional<RegistryAuth.Credentials> explicit = explicit(reference, auth);
    if (explicit.isPresent()) {
      return Optional.of(Credential.from(explicit.get().username(), explicit.get().password()));
    }
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(reference, logs);
    try {
      if (auth.useDockerConfig()) {
        CredentialRetriever retriever =
            auth.dockerConfigFile().map(factory::dockerConfig).orElseGet(factory::dockerConfig);
        Optional<Credential> found = retriever.retrieve();
        if (found.isPresent()) {
          return found;
        }
      }
      if (auth.useCredentialHelpers()) {
        return factory.wellKnownCredentialHelpers().retrieve();
      }
    } catch (CredentialRetrievalException e) {
      logs.accept(LogEvent.warn("Cannot read the credentials for registry "
          + reference.getRegistry() + ": " + e.getMessage()));
    }
    return Optional.empty();
  }
}
