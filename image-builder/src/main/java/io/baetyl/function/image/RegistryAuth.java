package io.baetyl.function.image;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to talk to registries: explicit credentials per registry, Docker config files and credential
 * helpers (on by default), plain-HTTP/self-signed registries (off by default) and offline mode.
 * {@link #toString()} never shows a password.
 */
public final class RegistryAuth {

  /** A user name and password (or token) for one registry, and where the user gave them (for messages). */
  public static final class Credentials {
    /** Where credentials come from when the caller does not say. */
    static final String EXPLICIT = "the explicit credentials";

    private final String username;
    private final String password;
    private final String origin;

    public Credentials(String username, String password) {
      this(username, password, EXPLICIT);
    }

    /** @param origin where they were configured, e.g. {@code settings.xml <server> registry.example.com} */
    public Credentials(String username, String password, String origin) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      this.origin = Objects.requireNonNull(origin, "origin");
    }

    public String origin() {
      return origin;
    }

    public String username() {
      return username;
    }

    public String password() {
      return password;
    }

    @Override
    public String toString() {
      return username + ":******";
    }
  }

  private static final RegistryAuth DEFAULTS = builder().build();
  private static final String CREDENTIALS_HELP = "explicit credentials, a Docker config file (docker login) or a"
      + " credential helper";

  private final Map<String, Credentials> credentials;
  private final boolean dockerConfig;
  private final Path dockerConfigFile;
  private final boolean credentialHelpers;
  private final boolean allowInsecureRegistries;
  private final boolean offline;
  private final String credentialsHelp;

  private RegistryAuth(Builder builder) {
    this.credentials = Map.copyOf(builder.credentials);
    this.dockerConfig = builder.dockerConfig;
    this.dockerConfigFile = builder.dockerConfigFile;
    this.credentialHelpers = builder.credentialHelpers;
    this.allowInsecureRegistries = builder.allowInsecureRegistries;
    this.offline = builder.offline;
    this.credentialsHelp = builder.credentialsHelp;
  }

  /** Docker config and credential helpers on, secure registries only, online. */
  public static RegistryAuth defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.credentials.putAll(credentials);
    builder.dockerConfig = dockerConfig;
    builder.dockerConfigFile = dockerConfigFile;
    builder.credentialHelpers = credentialHelpers;
    builder.allowInsecureRegistries = allowInsecureRegistries;
    builder.offline = offline;
    builder.credentialsHelp = credentialsHelp;
    return builder;
  }

  /** Explicit credentials for {@code registry} (host[:port], as written in image references). */
  public Optional<Credentials> credentialsFor(String registry) {
    return Optional.ofNullable(credentials.get(registry));
  }

  public Map<String, Credentials> credentials() {
    return credentials;
  }

  public boolean useDockerConfig() {
    return dockerConfig;
  }

  /** A specific Docker config file; empty means the usual locations ($DOCKER_CONFIG, ~/.docker). */
  public Optional<Path> dockerConfigFile() {
    return Optional.ofNullable(dockerConfigFile);
  }

  public boolean useCredentialHelpers() {
    return credentialHelpers;
  }

  public boolean allowInsecureRegistries() {
    return allowInsecureRegistries;
  }

  public boolean offline() {
    return offline;
  }

  /** How a user gives credentials, for the message when a registry wants some and has none that work. */
  public String credentialsHelp() {
    return credentialsHelp;
  }

  @Override
  public String toString() {
    return "RegistryAuth{credentials=" + credentials + ", dockerConfig=" + dockerConfig
        + ", credentialHelpers=" + credentialHelpers + ", allowInsecureRegistries="
        + allowInsecureRegistries + ", offline=" + offline + "}";
  }

  /** Builds a {@link RegistryAuth}. */
  public static final class Builder {
    private final Map<String, Credentials> credentials = new LinkedHashMap<>();
    private boolean dockerConfig = true;
    private Path dockerConfigFile;
    private boolean credentialHelpers = true;
    private boolean allowInsecureRegistries;
    private boolean offline;
    private String credentialsHelp = CREDENTIALS_HELP;

    private Builder() {}

    /** Uses this user name and password for {@code registry} (before any other source). */
    public Builder credentials(String registry, String username, String password) {
      return credentials(registry, username, password, Credentials.EXPLICIT);
    }

    /**
     * Uses this user name and password for {@code registry} (before any other source); {@code origin} says where
     * the user configured them, for messages.
     */
    public Builder credentials(String registry, String username, String password, String origin) {
      if (registry == null || registry.isBlank()) {
        throw new IllegalArgumentException("Registry credentials need a registry host name.");
      }
      if (username == null || username.isEmpty() || password == null) {
        throw new IllegalArgumentException(
            "The credentials for registry " + registry + " need both a username and a password.");
      }
      credentials.put(registry, new Credentials(username, password, origin));
      return this;
    }

    /** How a user gives credentials, in the words of the tool (default: explicit, Docker config, helper). */
    public Builder credentialsHelp(String help) {
      this.credentialsHelp = Objects.requireNonNull(help, "help");
      return this;
    }

    public Builder useDockerConfig(boolean use) {
      this.dockerConfig = use;
      return this;
    }

    public Builder dockerConfigFile(Path file) {
      this.dockerConfigFile = file;
      return this;
    }

    public Builder useCredentialHelpers(boolean use) {
      this.credentialHelpers = use;
      return this;
    }

    /** Allows plain HTTP and unverified TLS (opt-in, as in Jib). */
    public Builder allowInsecureRegistries(boolean allow) {
      this.allowInsecureRegistries = allow;
      return this;
    }

    /** Uses only cached base images and contacts no registry. */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    public RegistryAuth build() {
      return new RegistryAuth(this);
    }
  }
}
