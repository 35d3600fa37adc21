package io.baetyl.function.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * An instance working directory for the echo function, laid out as Baetyl mounts it:
 * {@code etc/baetyl/service.yml} and the code directory {@code var/db/baetyl/function-echo/}, holding
 * {@code classes/} for the runtime or {@code index.py} for Baetyl's Python3 runtime.
 */
final class FunctionFiles {

    static final String FUNCTION = "echo";
    static final String CODEDIR = "var/db/baetyl/function-echo";
    private static final String HANDLER_CLASS = EchoHandler.class.getName().replace('.', '/') + ".class";
    private static final String PYTHON_HANDLER = "io/baetyl/function/bench/python/index.py";

    private final Path workDir;

    private FunctionFiles(Path workDir) {
        this.workDir = workDir;
    }

    /** For the runtime: {@link EchoHandler}'s class file. */
    static FunctionFiles create(Path workDir) throws IOException {
        writeConfig(workDir, """
            name: bench
            functions:
              - name: %s
                handler: %s::handle
                codedir: %s
            """.formatted(FUNCTION, EchoHandler.class.getName(), CODEDIR));
        copyResource(HANDLER_CLASS, workDir.resolve(CODEDIR).resolve("classes").resolve(HANDLER_CLASS));
        makeReadableByAll(workDir);
        return new FunctionFiles(workDir);
    }

    /**
     * For Baetyl's Python3 runtime: the echo function as {@code index.py} (handler {@code index.handler}). That
     * runtime insists on a server address in its config; {@code BAETYL_SERVICE_INSTANCE_ADDRESS} replaces it.
     */
    static FunctionFiles createPython(Path workDir) throws IOException {
        writeConfig(workDir, """
            name: bench
            server:
              address: 127.0.0.1:50051
            functions:
              - name: %s
                handler: index.handler
                codedir: %s
            """.formatted(FUNCTION, CODEDIR));
        copyResource(PYTHON_HANDLER, workDir.resolve(CODEDIR).resolve("index.py"));
        makeReadableByAll(workDir);
        return new FunctionFiles(workDir);
    }

    private static void writeConfig(Path workDir, String serviceYml) throws IOException {
        Path config = Files.createDirectories(workDir.resolve("etc/baetyl"));
        Files.writeString(config.resolve("service.yml"), serviceYml);
    }

    private static void copyResource(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = FunctionFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the benchmark's class path");
            }
            Files.copy(in, target);
        }
    }

    /** The runtime image runs as a non-root user: mounted files must be readable by everyone. */
    private static void makeReadableByAll(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    Path workDir() {
        return workDir;
    }

    Path configDir() {
        return workDir.resolve("etc/baetyl");
    }

    Path codeDir() {
        return workDir.resolve(CODEDIR);
    }
}
