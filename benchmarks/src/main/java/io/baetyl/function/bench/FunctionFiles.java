package io.baetyl.function.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * An instance working directory for the echo function, laid out as Baetyl mounts it:
 * {@code etc/baetyl/service.yml} and the code directory {@code var/db/baetyl/function-echo/classes/}.
 */
final class FunctionFiles {

    static final String FUNCTION = "echo";
    static final String CODEDIR = "var/db/baetyl/function-echo";
    private static final String HANDLER_CLASS = EchoHandler.class.getName().replace('.', '/') + ".class";

    private final Path workDir;

    private FunctionFiles(Path workDir) {
        this.workDir = workDir;
    }

    static FunctionFiles create(Path workDir) throws IOException {
        Path config = Files.createDirectories(workDir.resolve("etc/baetyl"));
        Files.writeString(config.resolve("service.yml"), """
            name: bench
            functions:
              - name: %s
                handler: %s::handle
                codedir: %s
            """.formatted(FUNCTION, EchoHandler.class.getName(), CODEDIR));
        Path classFile = workDir.resolve(CODEDIR).resolve("classes").resolve(HANDLER_CLASS);
        Files.createDirectories(classFile.getParent());
        try (InputStream in = EchoHandler.class.getClassLoader().getResourceAsStream(HANDLER_CLASS)) {
            if (in == null) {
                throw new IOException(HANDLER_CLASS + " is not on the benchmark's class path");
            }
            Files.copy(in, classFile);
        }
        makeReadableByAll(workDir);
        return new FunctionFiles(workDir);
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
