package io.baetyl.function.testinfra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds the external tools the tests use; a missing tool fails the test, it never skips it. */
public final class Tools {

    /** Searched after {@code PATH}: runc lives in /usr/sbin, which is not on every user's PATH. */
    private static final String[] SYSTEM_DIRS = {
        "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"
    };

    private Tools() {
    }

    /**
     * Returns the path of an installed executable.
     *
     * @throws IllegalStateException naming the tool and how to install it when it is missing
     */
    public static Path require(String executable) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(List.of(SYSTEM_DIRS));
        for (String dir : dirs) {
            Path candidate = Path.of(dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(executable + " is not installed: run .ci/install-tools (as root)");
    }

    /** True when the tests run as root (runc and umoci unpack need it). */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read /proc/self/status", e);
        }
        return false;
    }
}
