package io.baetyl.function.testinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small OCI images made with umoci for the tests. */
final class TestImages {

    static final String TAG = "test";

    private TestImages() {
    }

    /** An OCI layout with one image (tag {@value #TAG}) holding one text file in one layer. */
    static Path oneFileImage(Path dir, String content) throws IOException {
        Path layout = dir.resolve("layout");
        Umoci.newImage(layout, TAG);
        Path file = Files.writeString(dir.resolve("hello.txt"), content);
        Umoci.insert(layout, TAG, file, "/hello.txt");
        return layout;
    }

    /** An OCI layout whose image is a busybox rootfs with {@code /bin/sh} as entrypoint. */
    static Path busyboxImage(Path dir) {
        Path bundle = BusyboxBundle.create(dir.resolve("busybox-bundle"));
        Path layout = dir.resolve("busybox-layout");
        Umoci.newImage(layout, TAG);
        Umoci.insert(layout, TAG, bundle.resolve("rootfs"), "/");
        Umoci.config(layout, TAG, "--config.entrypoint=/bin/sh", "--config.env=IMAGE_VAR=from-image",
            "--config.env=PATH=/bin");
        return layout;
    }

    static String oci(Path layout) {
        return "oci:" + layout + ":" + TAG;
    }
}
