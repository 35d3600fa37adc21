package io.baetyl.function.testinfra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Debian's {@code dockerd} (package docker.io) on a private unix socket, with its own data and exec roots, no
 * bridge network and no iptables rules, so it touches nothing outside its directories. Needs root.
 */
public final class LocalDockerDaemon implements AutoCloseable {

    /** The client of Debian's docker.io; {@code /usr/local/bin/docker} may be another one and comes first on PATH. */
    public static final Path DOCKER_CLIENT = Path.of("/usr/bin/docker");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggedProcess server;
    private final Path runDir;
    private final Path dataRoot;
    private final Path socket;
    /** What dockerd started (its containerd), known once it is ready: they outlive a dockerd that was killed. */
    private List<ProcessHandle> helpers = List.of();
    private boolean closed;

    private LocalDockerDaemon(Process process, Path runDir, Path dataRoot, Path socket, Path log) {
        this.runDir = runDir;
        this.dataRoot = dataRoot;
        this.socket = socket;
        this.server = new LoggedProcess("dockerd on " + host(), process, log);
    }

    /**
     * Starts dockerd with its data root and log in {@code workDir} and its socket and exec root in a short
     * directory under /tmp (a unix socket path has at most 108 characters), and waits until it answers
     * {@code GET /_ping}.
     *
     * @throws IllegalStateException when dockerd or its client is missing, the tests do not run as root, or the
     *     daemon does not come up (with its log)
     */
    public static LocalDockerDaemon start(Path workDir) {
        Path dockerd = Tools.require("dockerd");
        requireClient();
        if (!Tools.isRoot()) {
            throw new IllegalStateException("dockerd needs root: run the tests as root");
        }
        Path runDir = null;
        Path dataRoot = null;
        Process process = null;
        try {
            Path dir = Files.createDirectories(workDir.toAbsolutePath());
            dataRoot = Files.createDirectories(dir.resolve("docker-data"));
            Path log = dir.resolve("dockerd.log");
            runDir = Files.createTempDirectory(Path.of("/tmp"), "dkd",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path socket = runDir.resolve("docker.sock");
            Path execRoot = runDir.resolve("exec");
            // its own (empty) config, so a host /etc/docker/daemon.json changes nothing
            Path config = Files.writeString(runDir.resolve("daemon.json"), "{}\n");
            List<String> command = List.of(dockerd.toString(),
                "--host", "unix://" + socket,
                "--data-root", dataRoot.toString(),
                "--exec-root", execRoot.toString(),
                "--pidfile", runDir.resolve("docker.pid").toString(),
                "--config-file", config.toString(),
                "--iptables=false", "--ip6tables=false", "--bridge=none",
                "--storage-driver=vfs");
            ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            // dockerd starts containerd and runc from PATH; both live in /usr/bin or /usr/sbin
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")
                + ":/usr/local/sbin:/usr/sbin:/sbin");
            builder.environment().remove("DOCKER_HOST");
            process = builder.start();
            LocalDockerDaemon daemon = new LocalDockerDaemon(process, runDir, dataRoot, socket, log);
            daemon.awaitReady();
            daemon.helpers = process.descendants().toList();
            return daemon;
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                : new UncheckedIOException("could not start dockerd in " + workDir, (IOException) e);
            if (process != null) {
                stop(process, List.of());
            }
            try {
                deleteTree(runDir);
                deleteTree(dataRoot);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static void requireClient() {
        if (!Files.isRegularFile(DOCKER_CLIENT) || !Files.isExecutable(DOCKER_CLIENT)) {
            throw new IllegalStateException("docker (the client of Debian's docker.io) is not installed at "
                + DOCKER_CLIENT + ": run .ci/install-tools (as root)");
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw server.exited("before answering GET /_ping");
            }
            if (ping()) {
                return;
            }
            pause();
        }
        throw server.failure("dockerd did not answer GET /_ping on " + host() + " within " + STARTUP_TIMEOUT);
    }

    /** True when the daemon answers {@code GET /_ping} with 200 OK on its socket. */
    public boolean ping() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            StringBuilder response = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                response.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            return response.toString().startsWith("HTTP/1.") && response.toString().contains(" 200 ")
                && response.toString().endsWith("OK");
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling interval of the readiness probe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dockerd", e);
        }
    }

    /** {@code unix:///tmp/dkd.../docker.sock}, for {@code docker -H} or {@code DOCKER_HOST}. */
    public String host() {
        return "unix://" + socket;
    }

    public Path socket() {
        return socket;
    }

    /** The environment a docker client (or a build that runs one) needs to reach this daemon. */
    public Map<String, String> environment() {
        return Map.of("DOCKER_HOST", host());
    }

    /** The docker client that matches this daemon: {@link #DOCKER_CLIENT} of Debian's docker.io. */
    public Path dockerExecutable() {
        return DOCKER_CLIENT;
    }

    /** Runs {@code docker -H <this daemon> <arguments>}; a non-zero exit code is returned, not thrown. */
    public ProcessResult docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of(DOCKER_CLIENT.toString(), "-H", host()));
        command.addAll(List.of(arguments));
        return Processes.command(command).env("DOCKER_HOST", host()).timeout(COMMAND_TIMEOUT).run();
    }

    /** Runs {@code docker -H <this daemon> <arguments>} and fails with its output when it exits non-zero. */
    public ProcessResult checkDocker(String... arguments) {
        ProcessResult result = docker(arguments);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(result.describe());
        }
        return result;
    }

    /** {@code docker load -i tar}; returns what it printed (e.g. {@code Loaded image: name:tag}). */
    public String load(Path tar) {
        return checkDocker("load", "-i", tar.toAbsolutePath().toString()).stdout().trim();
    }

    /** True when the daemon has the image ({@code docker image inspect} succeeds). */
    public boolean hasImage(String reference) {
        return docker("image", "inspect", reference).exitCode() == 0;
    }

    /** The first object of {@code docker image inspect reference}, e.g. {@code Id}, {@code Config}, {@code RootFS}. */
    public Map<String, Object> inspectImage(String reference) {
        String json = checkDocker("image", "inspect", reference).stdout();
        try {
            List<Map<String, Object>> images = JSON.readValue(json, new TypeReference<>() { });
            if (images.size() != 1) {
                throw new IllegalStateException("docker image inspect " + reference + " returned "
                    + images.size() + " images: " + json);
            }
            return images.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("docker image inspect " + reference + " printed no JSON: " + json, e);
        }
    }

    /** The image id ({@code sha256:...}) of a reference. */
    public String imageId(String reference) {
        return (String) inspectImage(reference).get("Id");
    }

    /** The layer diff ids of an image ({@code RootFS.Layers}), base first. */
    @SuppressWarnings("unchecked")
    public List<String> layers(String reference) {
        Map<String, Object> rootFs = (Map<String, Object>) inspectImage(reference).get("RootFS");
        return List.copyOf((List<String>) rootFs.get("Layers"));
    }

    /** The image's {@code Config} ({@code Entrypoint}, {@code User}, {@code Env}, ...). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> imageConfig(String reference) {
        return (Map<String, Object>) inspectImage(reference).get("Config");
    }

    /** {@code repository:tag} of every tagged image, as {@code docker images} lists them. */
    public List<String> images() {
        String out = checkDocker("images", "--format", "{{.Repository}}:{{.Tag}}").stdout();
        return out.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    /** The process id of dockerd. */
    public long pid() {
        return server.process().pid();
    }

    public Path log() {
        return server.log();
    }

    public String logText() {
        return server.logText();
    }

    /**
     * Stops dockerd (SIGTERM, then SIGKILL for it and its containerd after 20 s) and removes its roots, also
     * when it had died on its own; fails with its log in that case or when it did not stop on SIGTERM.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean diedEarly = !server.isAlive();
        boolean stopped = stop(server.process(), helpers);
        RuntimeException failure = null;
        if (diedEarly) {
            failure = server.exited("while the test ran");
        } else if (!stopped) {
            failure = server.didNotStop(STOP_TIMEOUT);
        }
        try {
            deleteTree(runDir);
            deleteTree(dataRoot);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * SIGTERM and wait; on timeout SIGKILL for dockerd and what it started (also right away for what a dockerd
     * that had died left behind). True when dockerd was running and SIGTERM stopped it.
     */
    private static boolean stop(Process process, List<ProcessHandle> helpers) {
        boolean wasAlive = process.isAlive();
        List<ProcessHandle> children = Stream.concat(helpers.stream(), process.descendants()).distinct().toList();
        process.destroy();
        try {
            boolean exited = process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                children = Stream.concat(children.stream(), process.descendants()).distinct().toList();
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            if (!exited || !wasAlive) {
                children.forEach(ProcessHandle::destroyForcibly);
            }
            awaitExit(children);
            return wasAlive && exited;
        } catch (InterruptedException e) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** dockerd stops its containerd on SIGTERM; kill what is still there after a grace period. */
    private static void awaitExit(List<ProcessHandle> children) throws InterruptedException {
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                child.destroyForcibly();
            }
        }
    }

    /**
     * dockerd bind-mounts its data root onto itself (and may mount below its roots) and undoes that only on a clean
     * shutdown: unmount what a killed daemon left, deepest first.
     */
    private static void unmountUnder(Path root) {
        List<String> mountPoints;
        try {
            mountPoints = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length > 4)
                .map(fields -> unescapeMountPath(fields[4]))
                .filter(point -> Path.of(point).startsWith(root))
                .sorted(Comparator.comparing(String::length).reversed())
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read /proc/self/mountinfo", e);
        }
        for (String point : mountPoints) {
            Processes.check(Duration.ofSeconds(30), "umount", "-l", point);
        }
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescapeMountPath(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
            .replace("\\134", "\\");
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        unmountUnder(root);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove dockerd's directory " + root, e);
        }
    }
}
