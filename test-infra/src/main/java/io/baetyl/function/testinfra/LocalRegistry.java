package io.baetyl.function.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Debian's {@code docker-registry} on a free 127.0.0.1 port with storage in a work directory.
 * {@link #startSecured} adds TLS (a self-signed certificate for 127.0.0.1) and htpasswd (bcrypt) auth.
 */
public final class LocalRegistry implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final LoggedProcess server;
    private final int port;
    private final TlsMaterial tls;
    private final Path authFile;
    private final HttpClient http;

    private LocalRegistry(Process process, int port, Path log, TlsMaterial tls, Path authFile) {
        this.port = port;
        this.server = new LoggedProcess("docker-registry on " + address(), process, log);
        this.tls = tls;
        this.authFile = authFile;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            builder.sslContext(tls.sslContext());
        }
        this.http = builder.build();
    }

    /** A plain-HTTP registry without auth. */
    public static LocalRegistry start(Path workDir) {
        return launch(workDir, null, null, null);
    }

    /** A registry over TLS (self-signed for 127.0.0.1) that requires {@code user} / {@code password}. */
    public static LocalRegistry startSecured(Path workDir, String user, String password) {
        Path htpasswdTool = Tools.require("htpasswd");
        try {
            Path dir = Files.createDirectories(workDir);
            TlsMaterial tls = TlsMaterial.create(dir.resolve("tls"));
            Path htpasswd = dir.resolve("htpasswd");
            // -i: password from stdin, so it never shows up on a command line
            String entry = Processes.command(htpasswdTool.toString(), "-B", "-i", "-n", user)
                .stdin(password).timeout(Duration.ofSeconds(30)).check().stdout().trim();
            Files.writeString(htpasswd, entry + "\n");
            return launch(dir, tls, htpasswd, new Credentials(user, password));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the secured registry in " + workDir, e);
        }
    }

    private record Credentials(String user, String password) {
        String basic() {
            return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static LocalRegistry launch(Path workDir, TlsMaterial tls, Path htpasswd, Credentials credentials) {
        Path registry = Tools.require("docker-registry");
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return launchOnce(registry, workDir, tls, htpasswd, credentials, attempt);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    private static LocalRegistry launchOnce(Path registry, Path workDir, TlsMaterial tls, Path htpasswd,
                                            Credentials credentials, int attempt) {
        int port = FreePorts.next();
        try {
            Path dir = Files.createDirectories(workDir);
            Path storage = Files.createDirectories(dir.resolve("registry-storage"));
            Path config = dir.resolve("registry-config-" + attempt + ".yml");
            Path log = dir.resolve("registry-" + attempt + ".log");
            Files.writeString(config, config(port, storage, tls, htpasswd));
            Process process = new ProcessBuilder(registry.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
            Path authFile = credentials == null ? null : writeAuthFile(dir, port, credentials);
            LocalRegistry started = new LocalRegistry(process, port, log, tls, authFile);
            started.awaitReady();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start docker-registry in " + workDir, e);
        }
    }

    private static String config(int port, Path storage, TlsMaterial tls, Path htpasswd) {
        StringBuilder yaml = new StringBuilder()
            .append("version: 0.1\n")
            .append("log:\n  level: info\n  fields:\n    service: registry\n")
            .append("storage:\n  filesystem:\n    rootdirectory: ").append(quote(storage)).append('\n')
            .append("  delete:\n    enabled: true\n")
            .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
            .append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        if (tls != null) {
            yaml.append("  tls:\n    certificate: ").append(quote(tls.certificatePem())).append('\n')
                .append("    key: ").append(quote(tls.keyPem())).append('\n');
        }
        if (htpasswd != null) {
            yaml.append("auth:\n  htpasswd:\n    realm: baetyl-test\n    path: ").append(quote(htpasswd)).append('\n');
        }
        return yaml.toString();
    }

    private static String quote(Path path) {
        return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A containers-auth.json (what skopeo, podman and buildah read) holding the credentials. */
    private static Path writeAuthFile(Path dir, int port, Credentials credentials) throws IOException {
        Path file = dir.resolve("auth.json");
        Files.writeString(file, "{\"auths\":{\"127.0.0.1:" + port + "\":{\"auth\":\"" + credentials.basic() + "\"}}}\n");
        return file;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                if (logText().contains("address already in use")) {
                    throw new PortTakenException("port " + port + " was taken before docker-registry bound it");
                }
                throw server.exited("before answering GET /v2/");
            }
            try {
                // any HTTP answer (200, or 401 when auth is on) means the registry serves
                status("/v2/", null, null);
                return;
            } catch (IOException e) {
                pause();
            }
        }
        server.process().destroyForcibly();
        throw server.failure("docker-registry did not answer GET /v2/ on " + address() + " within " + STARTUP_TIMEOUT);
    }

    private static void pause() {
        try {
            Thread.sleep(20); // polling interval of the readiness probe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for docker-registry", e);
        }
    }

    /**
     * Sends {@code GET path} (e.g. {@code /v2/}) and returns the HTTP status, with basic auth when a user is given.
     */
    public int status(String path, String user, String password) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(5)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + new Credentials(user, password).basic());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}. */
    public String baseUrl() {
        return (tls != null ? "https://" : "http://") + address();
    }

    public boolean isSecured() {
        return tls != null;
    }

    /** The registry's self-signed certificate (PEM); secured registries only. */
    public Path certificatePem() {
        return requireTls().certificatePem();
    }

    /** A directory holding the certificate as {@code ca.crt}, for skopeo's {@code --cert-dir}. */
    public Path certDir() {
        return requireTls().certDir();
    }

    /** A PKCS12 trust store holding only the registry's certificate. */
    public Path trustStore() {
        return requireTls().trustStore();
    }

    public String trustStorePassword() {
        requireTls();
        return TlsMaterial.TRUST_STORE_PASSWORD;
    }

    /** JVM / Maven {@code -D} options that make Java trust this registry (and only it). */
    public List<String> trustStoreSystemProperties() {
        return List.of(
            "-Djavax.net.ssl.trustStore=" + trustStore().toAbsolutePath(),
            "-Djavax.net.ssl.trustStorePassword=" + trustStorePassword(),
            "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** A containers-auth.json with this registry's credentials (secured registries only). */
    public Path authFile() {
        if (authFile == null) {
            throw new IllegalStateException("the registry on " + address() + " has no auth: use startSecured");
        }
        return authFile;
    }

    private TlsMaterial requireTls() {
        if (tls == null) {
            throw new IllegalStateException("the registry on " + address() + " serves plain HTTP: use startSecured");
        }
        return tls;
    }

    public Path log() {
        return server.log();
    }

    public String logText() {
        return server.logText();
    }

    /** Stops the registry; fails with its log when it had died on its own or does not stop. */
    @Override
    public void close() {
        boolean diedEarly = !server.isAlive();
        boolean stopped = server.stop(STOP_TIMEOUT);
        if (diedEarly) {
            throw server.exited("while the test ran");
        }
        if (!stopped) {
            throw server.didNotStop(STOP_TIMEOUT);
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
