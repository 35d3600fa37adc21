package io.baetyl.function.testinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A container run by {@code runc run} as a child process, over a bundle made by umoci (or {@code runc spec}).
 * The bundle is left untouched: each container gets its own config.json that points at the bundle's rootfs.
 * It shares the host network (127.0.0.1 reaches the test), has no terminal, and its cgroup is kept after it
 * exits (until {@link #close()}) so tests can read the memory peak and OOM / pids events.
 */
public final class RuncContainer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CGROUP_PARENT = "baetyl-test";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String id;
    private final Path runc;
    private final Path stateRoot;
    private final Path containerDir;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final Process process;
    private final long pid;
    private final ContainerCgroup cgroup;
    private boolean closed;

    private RuncContainer(String id, Path runc, Path stateRoot, Path containerDir, Process process, long pid,
                          ContainerCgroup cgroup) {
        this.id = id;
        this.runc = runc;
        this.stateRoot = stateRoot;
        this.containerDir = containerDir;
        this.stdoutFile = containerDir.resolve("stdout.log");
        this.stderrFile = containerDir.resolve("stderr.log");
        this.process = process;
        this.pid = pid;
        this.cgroup = cgroup;
    }

    /** Starts describing a container over {@code bundle} (a directory with config.json and rootfs/). */
    public static Builder builder(Path bundle) {
        return new Builder(bundle);
    }

    public String id() {
        return id;
    }

    /** The container's init process, as the host sees it. */
    public long pid() {
        return pid;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public Path stdoutFile() {
        return stdoutFile;
    }

    public Path stderrFile() {
        return stderrFile;
    }

    /** What the container (and runc) printed on stdout so far. */
    public String stdout() {
        return readOutput(stdoutFile);
    }

    /** What the container (and runc) printed on stderr so far. */
    public String stderr() {
        return readOutput(stderrFile);
    }

    /** Waits until stdout contains {@code text}; fails with the output when the container exits first. */
    public void awaitOutput(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!stdout().contains(text)) {
            if (!process.isAlive() && !stdout().contains(text)) {
                throw new IllegalStateException("container " + id + " exited with " + process.exitValue()
                    + " before printing \"" + text + "\"" + outputs());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("container " + id + " did not print \"" + text + "\" within "
                    + timeout + outputs());
            }
            pause(10);
        }
    }

    /** {@code runc kill ID SIGNAL}, e.g. {@code "TERM"}. */
    public void signal(String signal) {
        Processes.command(runcCommand("kill", id, signal)).timeout(COMMAND_TIMEOUT).check();
    }

    /** SIGKILL. */
    public void kill() {
        signal("KILL");
    }

    /**
     * Waits for the container to exit and returns its exit code (128 + signal number when a signal ended it).
     */
    public int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("container " + id + " did not exit within " + timeout + outputs());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for container " + id, e);
        }
    }

    /** Memory and pids accounting of the container's cgroup, readable while it runs and after it exited. */
    public CgroupStats cgroupStats() {
        return cgroup.stats();
    }

    /** The container's cgroup directories (memory first), for tests that read other files. */
    public List<Path> cgroupDirectories() {
        return cgroup.directories();
    }

    /** Kills the container if needed, deletes it ({@code runc delete -f}) and removes its cgroup. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        if (process.isAlive()) {
            Processes.command(runcCommand("kill", id, "KILL")).timeout(COMMAND_TIMEOUT).run();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    problems.add("runc run did not exit after SIGKILL to the container");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        ProcessResult delete = Processes.command(runcCommand("delete", "-f", id)).timeout(COMMAND_TIMEOUT).run();
        if (delete.exitCode() != 0 && !delete.stderr().contains("does not exist")) {
            problems.add(delete.describe());
        }
        // the shared parent (baetyl-test) stays: removing it could race with another test's runc creating a child
        for (Path dir : cgroup.allDirectories()) {
            removeCgroup(dir, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("could not clean up container " + id + ": " + String.join("; ", problems));
        }
    }

    private static void removeCgroup(Path dir, List<String> problems) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            problems.add("could not remove cgroup " + dir + ": " + e);
        }
    }

    private List<String> runcCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of(runc.toString(), "--root", stateRoot.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    private String outputs() {
        return "\n--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
    }

    private static String readOutput(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // polling interval of a probe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** How to run the container. */
    public static final class Builder {
        private final Path bundle;
        private Path workDir;
        private long memoryLimitBytes = -1;
        private long pidsLimit = -1;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<Path, String> readOnlyMounts = new LinkedHashMap<>();
        private List<String> args;
        private String cwd;
        private Long uid;
        private Long gid;

        private Builder(Path bundle) {
            this.bundle = bundle.toAbsolutePath();
        }

        /** Where runc's state, the container's config and its output go (default: the bundle's parent). */
        public Builder workDir(Path workDir) {
            this.workDir = workDir.toAbsolutePath();
            return this;
        }

        /** Memory limit; swap is limited to the same value, so the limit is real. */
        public Builder memoryLimitBytes(long bytes) {
            this.memoryLimitBytes = bytes;
            return this;
        }

        /** Maximum number of tasks (processes and threads) in the container. */
        public Builder pidsLimit(long limit) {
            this.pidsLimit = limit;
            return this;
        }

        /** Adds (or replaces) an environment variable on top of the image's. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Bind-mounts a host file or directory read-only. */
        public Builder readOnlyMount(Path hostPath, String containerPath) {
            readOnlyMounts.put(hostPath.toAbsolutePath(), containerPath);
            return this;
        }

        /** Replaces the image's command (entrypoint and arguments). */
        public Builder args(String... args) {
            return args(List.of(args));
        }

        public Builder args(List<String> args) {
            this.args = List.copyOf(args);
            return this;
        }

        /** Working directory inside the container (default: the image's). */
        public Builder cwd(String cwd) {
            this.cwd = cwd;
            return this;
        }

        /** Numeric user and group (default: the image's). */
        public Builder user(long uid, long gid) {
            this.uid = uid;
            this.gid = gid;
            return this;
        }

        public RuncContainer start() {
            Path runc = Tools.require("runc");
            if (!Tools.isRoot()) {
                throw new IllegalStateException("runc containers need root: run the tests as root");
            }
            String id = "baetyl-" + HexFormat.of().formatHex(randomBytes());
            Path base = workDir != null ? workDir : bundle.getParent();
            try {
                Path stateRoot = Files.createDirectories(base.resolve("runc-root"));
                Path containerDir = Files.createDirectories(base.resolve("containers").resolve(id));
                Files.write(containerDir.resolve("config.json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config(id)));
                Path pidFile = containerDir.resolve("pid");
                Process process = new ProcessBuilder(runc.toString(), "--root", stateRoot.toString(), "run", "--keep",
                    "--bundle", containerDir.toString(), "--pid-file", pidFile.toString(), id)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(containerDir.resolve("stdout.log").toFile())
                    .redirectError(containerDir.resolve("stderr.log").toFile())
                    .start();
                long pid = awaitPid(id, process, pidFile, containerDir);
                ContainerCgroup cgroup;
                try {
                    cgroup = ContainerCgroup.fromRuncState(stateRoot.resolve(id).resolve("state.json"));
                } catch (RuntimeException e) {
                    process.destroyForcibly();
                    Processes.command(runc.toString(), "--root", stateRoot.toString(), "delete", "-f", id)
                        .timeout(COMMAND_TIMEOUT).run();
                    throw e;
                }
                return new RuncContainer(id, runc, stateRoot, containerDir, process, pid, cgroup);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start a runc container from " + bundle, e);
            }
        }

        private static byte[] randomBytes() {
            byte[] bytes = new byte[6];
            RANDOM.nextBytes(bytes);
            return bytes;
        }

        private static long awaitPid(String id, Process process, Path pidFile, Path containerDir) throws IOException {
            Instant deadline = Instant.now().plus(COMMAND_TIMEOUT);
            while (true) {
                if (Files.exists(pidFile)) {
                    String text = Files.readString(pidFile).trim();
                    if (!text.isEmpty()) {
                        return Long.parseLong(text);
                    }
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("runc could not start container " + id + " (exit code "
                        + process.exitValue() + ")\n--- stderr ---\n"
                        + readOutput(containerDir.resolve("stderr.log")));
                }
                if (Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("runc did not create container " + id + " within "
                        + COMMAND_TIMEOUT + "\n--- stderr ---\n" + readOutput(containerDir.resolve("stderr.log")));
                }
                pause(5);
            }
        }

        private ObjectNode config(String id) throws IOException {
            Path source = bundle.resolve("config.json");
            if (!Files.isRegularFile(source)) {
                throw new IllegalStateException("the bundle " + bundle + " has no config.json");
            }
            ObjectNode config = (ObjectNode) JSON.readTree(source.toFile());
            ObjectNode root = config.withObjectProperty("root");
            Path rootfs = bundle.resolve(root.path("path").asText("rootfs"));
            root.put("path", rootfs.toString());

            ObjectNode process = config.withObjectProperty("process");
            process.put("terminal", false);
            if (args != null) {
                ArrayNode array = process.putArray("args");
                args.forEach(array::add);
            }
            if (cwd != null) {
                process.put("cwd", cwd);
            }
            if (uid != null) {
                ObjectNode user = process.withObjectProperty("user");
                user.put("uid", uid);
                user.put("gid", gid);
            }
            mergeEnv(process);

            ObjectNode linux = config.withObjectProperty("linux");
            ArrayNode namespaces = linux.withArrayProperty("namespaces");
            for (int i = namespaces.size() - 1; i >= 0; i--) {
                if ("network".equals(namespaces.get(i).path("type").asText())) {
                    namespaces.remove(i); // share the host's network: 127.0.0.1 is the test's loopback
                }
            }
            linux.put("cgroupsPath", CGROUP_PARENT + "/" + id);
            ObjectNode resources = linux.withObjectProperty("resources");
            if (memoryLimitBytes > 0) {
                ObjectNode memory = resources.withObjectProperty("memory");
                memory.put("limit", memoryLimitBytes);
                memory.put("swap", memoryLimitBytes);
            }
            if (pidsLimit > 0) {
                resources.withObjectProperty("pids").put("limit", pidsLimit);
            }

            ArrayNode mounts = config.withArrayProperty("mounts");
            readOnlyMounts.forEach((host, target) -> {
                ObjectNode mount = mounts.addObject();
                mount.put("destination", target);
                mount.put("type", "bind");
                mount.put("source", host.toString());
                mount.putArray("options").add("rbind").add("ro");
            });
            return config;
        }

        private void mergeEnv(ObjectNode process) {
            Map<String, String> merged = new LinkedHashMap<>();
            JsonNode existing = process.path("env");
            if (existing.isArray()) {
                existing.forEach(entry -> {
                    String text = entry.asText();
                    int equals = text.indexOf('=');
                    merged.put(equals < 0 ? text : text.substring(0, equals),
                        equals < 0 ? "" : text.substring(equals + 1));
                });
            }
            merged.putAll(env);
            ArrayNode array = process.putArray("env");
            merged.forEach((name, value) -> array.add(name + "=" + value));
        }
    }
}
