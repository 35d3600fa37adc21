package io.baetyl.function.image;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * Turns jib's exceptions into one-sentence {@link ImageBuildException}s that name the registry,
 * image or file, and removes any credential that could have slipped into a message.
 */
final class JibFailures {

  /** docker: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" */
  private static final java.util.regex.Pattern DAEMON_DOWN = java.util.regex.Pattern.compile(
      "cannot connect to the docker daemon at (\\S+?)\\.?(\\s|$)", java.util.regex.Pattern.CASE_INSENSITIVE);

  /** jib: "the configured platform (arm64/linux) doesn't match the platform (amd64/linux) of the base image". */
  private static final java.util.regex.Pattern PLATFORM_MISMATCH = java.util.regex.Pattern.compile(
      "configured platform \\(([^/)]+)/([^)]+)\\) doesn't match the platform \\(([^/)]+)/([^)]+)\\)");

  private static final String DOCKER_HUB = "registry-1.docker.io";

  private final ImageSpec base;
  private final ImageTarget target;
  private final RegistryAuth auth;
  private final String insecureOption;

  JibFailures(ImageSpec base, ImageTarget target, RegistryAuth auth, String insecureOption) {
    this.base = base;
    this.target = target;
    this.auth = auth;
    this.insecureOption = insecureOption;
  }

  ImageBuildException translate(Exception failure) {
    Throwable root = failure;
    while (root instanceof ExecutionException && root.getCause() != null) {
      root = root.getCause();
    }
    String message = describe(root);
    return new ImageBuildException(redact(message), sanitized(root));
  }

  private String describe(Throwable failure) {
    RegistryUnauthorizedException unauthorized = find(failure, RegistryUnauthorizedException.class);
    if (unauthorized != null) {
      ResponseException response = find(unauthorized, ResponseException.class);
      int status = response == null ? 0 : response.getStatusCode();
      return unauthorized(registryOf(unauthorized.getImageReference()), unauthorized.getImageReference(), status);
    }
    if (find(failure, RegistryCredentialsNotSentException.class) != null) {
      String registry = registryNamedIn(failure);
      return "Credentials for registry " + registry + " were not sent because the connection is"
          + " plain HTTP: serve the registry over TLS.";
    }
    RegistryAuthenticationFailedException authFailed =
        find(failure, RegistryAuthenticationFailedException.class);
    if (authFailed != null) {
      return "Authentication with registry " + authFailed.getServerUrl() + " for image "
          + authFailed.getImageName() + " failed: check the credentials for "
          + authFailed.getServerUrl() + ".";
    }
    if (find(failure, InsecureRegistryException.class) != null
        || find(failure, SSLException.class) != null) {
      return noVerifiedHttps(registryNamedIn(failure), null, insecureOption);
    }
    UnknownHostException unknownHost = find(failure, UnknownHostException.class);
    if (unknownHost != null) {
      String host = String.valueOf(unknownHost.getMessage());
      if (host.contains(":")) {
        host = host.substring(0, host.indexOf(':'));
      }
      return unknownHost(host, registries());
    }
    if (find(failure, ConnectException.class) != null
        || find(failure, NoRouteToHostException.class) != null) {
      return cannotConnect(registryNamedIn(failure),
          find(failure, NoRouteToHostException.class) != null ? "no route to host" : "connection refused");
    }
    if (find(failure, SocketTimeoutException.class) != null) {
      return "The connection to registry " + registryNamedIn(failure) + " timed out.";
    }
    InvalidImageReferenceException invalid = find(failure, InvalidImageReferenceException.class);
    if (invalid != null) {
      return "The image reference '" + invalid.getInvalidReference() + "' is not valid.";
    }
    CacheDirectoryCreationException cache = find(failure, CacheDirectoryCreationException.class);
    if (cache != null) {
      return "Cannot create jib's cache directory: " + messageOf(cache) + ".";
    }
    String text = messageOf(failure);
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("manifest unknown") || lower.contains("manifest_unknown")
        || lower.contains("name unknown") || lower.contains("not found in local jib cache")
        || (lower.contains("not found") && lower.contains("manifest"))) {
      if (lower.contains("offline")) {
        return "The base image " + base + " is not in the local cache and the build is offline:"
            + " build once online or use a tar:// base image.";
      }
      return "The base image " + base + " was not found: check its name and tag.";
    }
    java.util.regex.Matcher platforms = PLATFORM_MISMATCH.matcher(text);
    if (platforms.find()) {
      String wanted = platforms.group(2) + "/" + platforms.group(1);
      String offered = platforms.group(4) + "/" + platforms.group(3);
      return "The platform " + wanted + " is not the platform " + offered + " of the base image " + base
          + ": use a base image built for " + wanted + ", or the platform " + offered + ".";
    }
    if (base.kind() == ImageSpec.Kind.TAR && (find(failure, NoSuchFileException.class) != null
        || lower.contains("manifest.json"))) {
      return "The base image tar file " + base.tarFile().orElseThrow()
          + " is not a docker save tar: it has no readable manifest.json.";
    }
    if (base.kind() == ImageSpec.Kind.DOCKER && lower.contains("no such image")) {
      return "The base image " + base + " is not in the local Docker daemon: pull or build it there first"
          + " (docker pull " + base.reference().orElseThrow() + "), or use a registry or tar:// base image.";
    }
    java.util.regex.Matcher daemon = DAEMON_DOWN.matcher(text);
    boolean daemonDown = daemon.find();
    if (daemonDown && target.kind() == ImageTarget.Kind.DOCKER) {
      return "Cannot connect to the Docker daemon at " + daemon.group(1) + " to load image "
          + target.reference() + ": start it, or point DOCKER_HOST at a running one.";
    }
    if (daemonDown && base.kind() == ImageSpec.Kind.DOCKER) {
      return "The base image " + base + " is read from the local Docker daemon, but none answers at "
          + daemon.group(1) + ": start it (or point DOCKER_HOST at a running one), or use a registry or"
          + " tar:// base image.";
    }
    if (target.kind() == ImageTarget.Kind.DOCKER) {
      if (lower.contains("cannot run program")) {
        return "The docker client " + target.dockerExecutable().map(Object::toString).orElse("docker (on the PATH)")
            + " cannot be run to load image " + target.reference()
            + ": install Docker or name the client with dockerExecutable (-Dbaetyl.dockerExecutable).";
      }
    }
    if (target.kind() == ImageTarget.Kind.DOCKER && lower.contains("docker")) {
      return "Loading image " + target.reference() + " into the Docker daemon failed: " + text
          + ".";
    }
    return "Building image " + target + " from " + base + " failed: " + text + ".";
  }

  private String unauthorized(String registry, String image, int status) {
    String code = status == 0 ? "" : " (HTTP " + status + ")";
    java.util.Optional<RegistryAuth.Credentials> given = auth.credentialsFor(registry);
    if (given.isPresent()) {
      return status == 403
          ? "Registry " + registry + " denied access" + code + " to image " + image + " for user '"
              + given.get().username() + "' from " + given.get().origin() + ": check that this user may use it."
          : "Registry " + registry + " rejected the credentials" + code + " for image " + image + " from "
              + given.get().origin() + ": check the user name and password there.";
    }
    return "Registry " + registry + (status == 403 ? " denied access" : " requires authentication") + code
        + " for image " + image + " and no credentials for it were found or accepted: give them with "
        + auth.credentialsHelp() + ".";
  }

  static String noVerifiedHttps(String registry, String detail, String insecureOption) {
    return "Registry " + registry + " offers no verified HTTPS connection (plain HTTP or an untrusted"
        + " certificate" + (detail == null ? "" : ": " + detail) + "): trust its certificate or opt in"
        + " with " + insecureOption + ".";
  }

  static String cannotConnect(String registry, String why) {
    return "Cannot connect to registry " + registry + " (" + why + "): check that it runs and the"
        + " image reference names it.";
  }

  static String unknownHost(String host, String references) {
    return "The registry host " + host + " is unknown: check the image reference " + references
        + (host.equals(DOCKER_HUB) ? " (an image name without a registry host means Docker Hub; to build"
            + " without a registry, choose the tar or the Docker daemon target)." : ".");
  }

  private String registries() {
    Set<String> names = new LinkedHashSet<>();
    if (base.kind() == ImageSpec.Kind.REGISTRY) {
      names.add(base.toString());
    }
    if (target.kind() == ImageTarget.Kind.REGISTRY) {
      names.add(target.reference());
    }
    return String.join(" and ", names);
  }

  /** The registry (of base and target) whose host appears in the failure, else all of them. */
  private String registryNamedIn(Throwable failure) {
    List<String> candidates = new ArrayList<>();
    if (target.kind() == ImageTarget.Kind.REGISTRY) {
      candidates.add(registryOf(target.reference()));
    }
    if (base.kind() == ImageSpec.Kind.REGISTRY) {
      candidates.add(registryOf(base.reference().orElseThrow()));
    }
    String all = allMessages(failure);
    for (String candidate : candidates) {
      if (all.contains(candidate)) {
        return candidate;
      }
      String host = candidate.contains(":") ? candidate.substring(0, candidate.indexOf(':'))
          : candidate;
      if (all.contains(host)) {
        return candidate;
      }
    }
    return candidates.isEmpty() ? "(unknown)" : String.join(" or ", new LinkedHashSet<>(candidates));
  }

  private static String registryOf(String reference) {
    try {
      return com.google.cloud.tools.jib.api.ImageReference.parse(reference).getRegistry();
    } catch (InvalidImageReferenceException e) {
      int slash = reference.indexOf('/');
      return slash > 0 ? reference.substring(0, slash) : reference;
    }
  }

  private static String allMessages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(t.getMessage()).append(' ');
    }
    return all.toString();
  }

  private static String messageOf(Throwable failure) {
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      message = failure.getClass().getSimpleName();
    }
    if (message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    return message.replaceAll("\\s+", " ").trim();
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private String redact(String text) {
    String result = text;
    for (RegistryAuth.Credentials credentials : auth.credentials().values()) {
      if (!credentials.password().isEmpty()) {
        result = result.replace(credentials.password(), "******");
      }
    }
    return result;
  }

  /**
   * Keeps the cause chain for debugging unless a message in it contains a password, in which case
   * the cause is left out.
   */
  private Throwable sanitized(Throwable cause) {
    String all = allMessages(cause);
    for (RegistryAuth.Credentials credentials : auth.credentials().values()) {
      if (!credentials.password().isEmpty() && all.contains(credentials.password())) {
        return null;
      }
    }
    return cause;
  }
}
