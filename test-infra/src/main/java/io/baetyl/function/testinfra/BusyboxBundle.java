package io.baetyl.function.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A tiny runc bundle whose rootfs holds only Debian's static busybox (with its applets as symlinks) and whose
 * config.json comes from {@code runc spec}. Good for testing containers without an image.
 */
public final class BusyboxBundle {

    private static final List<String> APPLETS = List.of(
        "sh", "cat", "echo", "env", "sleep", "ls", "touch", "seq", "tail", "head", "true", "false", "id", "ps",
        "mkdir", "rm", "wc", "grep", "test", "kill", "readlink");

    private BusyboxBundle() {
    }

    /** Writes the bundle into {@code dir} (created; must not hold a bundle already) and returns it. */
    public static Path create(Path dir) {
        Path busybox = Tools.require("busybox");
        Path runc = Tools.require("runc");
        try {
            Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
            for (String name : List.of("proc", "sys", "dev", "tmp", "etc")) {
                Files.createDirectories(dir.resolve("rootfs").resolve(name));
            }
            Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
            for (String applet : APPLETS) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            Processes.check(Duration.ofSeconds(30), runc.toString(), "spec", "--bundle", dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a busybox bundle in " + dir, e);
        }
    }
}
