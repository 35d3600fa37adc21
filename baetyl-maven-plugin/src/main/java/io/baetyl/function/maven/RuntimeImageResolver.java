package io.baetyl.function.maven;

import io.baetyl.function.maven.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Finds the runtime image of the plugin's own version, {@code io.baetyl.function:baetyl-function-runtime-image:
 * <version>:tar:image}, through Maven's resolver: the local repository first, then the remote ones.
 */
final class RuntimeImageResolver {

  static final String GROUP_ID = "io.baetyl.function";
  static final String ARTIFACT_ID = "baetyl-function-runtime-image";

  private final RepositorySystem repositorySystem;
  private final RepositorySystemSession session;
  private final List<RemoteRepository> repositories;

  RuntimeImageResolver(RepositorySystem repositorySystem, RepositorySystemSession session,
      List<RemoteRepository> repositories) {
    this.repositorySystem = repositorySystem;
    this.session = session;
    this.repositories = repositories;
  }

  /** The image spec {@code tar://<path of the artifact>}. */
  String resolve(String version) throws ConfigException {
    DefaultArtifact artifact = new DefaultArtifact(GROUP_ID, ARTIFACT_ID, "image", "tar", version);
    try {
      Path file = repositorySystem.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null))
          .getArtifact().getFile().toPath();
      return "tar://" + file.toAbsolutePath();
    } catch (ArtifactResolutionException e) {
      throw new ConfigException("The runtime image " + artifact + " is neither in the local Maven repository nor in "
          + "a remote one" + (session.isOffline() ? " (Maven is offline)" : "") + "; run ./mvnw install of the "
          + "Baetyl Java toolchain, or set <from><image> (-Dbaetyl.from.image) to a base image.", e);
    }
  }
}
