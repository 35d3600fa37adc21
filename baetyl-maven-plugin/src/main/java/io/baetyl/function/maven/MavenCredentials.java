package io.baetyl.function.maven;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.baetyl.function.maven.config.ConfigException;
import io.baetyl.function.maven.config.Credential;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Explicit registry credentials: {@code <from><auth>} / {@code <to><auth>} first, then the settings.xml
 * {@code <server>} whose id is the registry host (decrypted with Maven's decrypter). Docker config files and
 * credential helpers are consulted later by the image builder for registries left without credentials here.
 */
final class MavenCredentials {

  private final Settings settings;
  private final SettingsDecrypter decrypter;

  MavenCredentials(Settings settings, SettingsDecrypter decrypter) {
    this.settings = settings;
    this.decrypter = decrypter;
  }

  /** Credentials by registry host for the base image (unless it is a tar or Docker image) and the target. */
  Map<String, Credential> collect(String baseImage, Credential fromAuth, String image, Credential toAuth)
      throws ConfigException {
    Map<String, Credential> credentials = new LinkedHashMap<>();
    Optional<String> baseRegistry = registryOf(baseImage);
    if (baseRegistry.isPresent()) {
      add(credentials, baseRegistry.get(), fromAuth);
    }
    Optional<String> targetRegistry = registryOf(image);
    if (targetRegistry.isPresent()) {
      add(credentials, targetRegistry.get(), toAuth);
    }
    return credentials;
  }

  private void add(Map<String, Credential> credentials, String registry, Credential explicit)
      throws ConfigException {
    if (explicit != null) {
      credentials.put(registry, explicit);
      return;
    }
    if (credentials.containsKey(registry)) {
      return;
    }
    Server server = settings == null ? null : settings.getServer(registry);
    if (server == null || server.getUsername() == null) {
      return;
    }
    SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    if (!result.getProblems().isEmpty()) {
      throw new ConfigException("The password of <server> '" + registry + "' in settings.xml cannot be decrypted; "
          + "check settings-security.xml or encrypt it again with mvn --encrypt-password.");
    }
    Server decrypted = result.getServer();
    String password = decrypted.getPassword() == null ? "" : decrypted.getPassword();
    credentials.put(registry, new Credential(decrypted.getUsername(), password,
        "settings.xml <server> " + registry));
  }

  /** The registry host of a registry image spec; empty for tar, Docker daemon and scratch images. */
  static Optional<String> registryOf(String imageSpec) {
    if (imageSpec == null || imageSpec.startsWith("tar://") || imageSpec.startsWith("docker://")
        || imageSpec.equals("scratch")) {
      return Optional.empty();
    }
    String reference = imageSpec.startsWith("registry://") ? imageSpec.substring("registry://".length()) : imageSpec;
    try {
      return Optional.of(ImageReference.parse(reference).getRegistry());
    } catch (InvalidImageReferenceException e) {
      // reported with the pom element that holds it when the image is checked
      return Optional.empty();
    }
  }
}
