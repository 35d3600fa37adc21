package io.baetyl.function.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns images into runc bundles: skopeo copies them to an OCI layout, umoci unpacks that. */
public final class OciBundles {

    private static final String TAG = "image";

    private OciBundles() {
    }

    /** A bundle from a {@code docker save} tar (what a Jib tar build writes). */
    public static Path fromDockerArchive(Path tar, Path workDir) {
        return unpack("docker-archive:" + tar.toAbsolutePath(), workDir, Skopeo.create(), false);
    }

    /** A bundle from a plain-HTTP registry; {@code ref} is {@code host:port/repo:tag} or {@code docker://...}. */
    public static Path fromRegistry(String ref, Path workDir) {
        return fromRegistry(ref, workDir, Skopeo.create(), false);
    }

    /** A bundle from a registry, read with the given skopeo (credentials, certificates). */
    public static Path fromRegistry(String ref, Path workDir, Skopeo skopeo, boolean tlsVerify) {
        String source = ref.startsWith("docker://") ? ref : "docker://" + ref;
        return unpack(source, workDir, skopeo, tlsVerify);
    }

    private static Path unpack(String source, Path workDir, Skopeo skopeo, boolean tlsVerify) {
        Path base;
        try {
            base = Files.createTempDirectory(Files.createDirectories(workDir), "oci-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory in " + workDir, e);
        }
        Path layout = base.resolve("layout");
        skopeo.copy(source, "oci:" + layout + ":" + TAG, tlsVerify);
        return Umoci.unpack(layout, TAG, base.resolve("bundle"));
    }
}
