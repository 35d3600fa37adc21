package io.baetyl.function.testinfra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** umoci over an OCI image layout: make small test images and unpack images into runc bundles. */
public final class Umoci {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private Umoci() {
    }

    /** {@code umoci unpack --image layout:tag bundle}: a runc bundle (config.json + rootfs). */
    public static Path unpack(Path layout, String tag, Path bundle) {
        List<String> command = new ArrayList<>(List.of(umoci(), "unpack"));
        if (!Tools.isRoot()) {
            command.add("--rootless");
        }
        command.addAll(List.of("--image", image(layout, tag), bundle.toString()));
        Processes.command(command).timeout(TIMEOUT).check();
        return bundle;
    }

    /** {@code umoci init} + {@code umoci new}: an empty image (no layers) in a new layout. */
    public static void newImage(Path layout, String tag) {
        Processes.check(TIMEOUT, umoci(), "init", "--layout", layout.toString());
        Processes.check(TIMEOUT, umoci(), "new", "--image", image(layout, tag));
    }

    /** {@code umoci insert}: adds a layer holding {@code source} (file or directory) at {@code target}. */
    public static void insert(Path layout, String tag, Path source, String target) {
        List<String> command = new ArrayList<>(List.of(umoci(), "insert"));
        if (!Tools.isRoot()) {
            command.add("--rootless");
        }
        command.addAll(List.of("--image", image(layout, tag), source.toString(), target));
        Processes.command(command).timeout(TIMEOUT).check();
    }

    /** {@code umoci config} with raw options such as {@code --config.entrypoint=/bin/sh}, {@code --config.env=A=b}. */
    public static void config(Path layout, String tag, String... options) {
        List<String> command = new ArrayList<>(List.of(umoci(), "config", "--image", image(layout, tag)));
        command.addAll(List.of(options));
        Processes.command(command).timeout(TIMEOUT).check();
    }

    private static String image(Path layout, String tag) {
        return layout + ":" + tag;
    }

    private static String umoci() {
        return Tools.require("umoci").toString();
    }
}
