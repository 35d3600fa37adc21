package io.baetyl.function.testinfra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and copies images with skopeo. References carry their transport:
 * {@code docker://127.0.0.1:5000/repo:tag}, {@code oci:/dir:tag}, {@code docker-archive:/file.tar}.
 * {@code tlsVerify} matters only for {@code docker://} references.
 */
public final class Skopeo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path executable;
    private final Path authFile;
    private final Path certDir;

    private Skopeo(Path executable, Path authFile, Path certDir) {
        this.executable = executable;
        this.authFile = authFile;
        this.certDir = certDir;
    }

    /** Skopeo without credentials or extra CA certificates. */
    public static Skopeo create() {
        return new Skopeo(Tools.require("skopeo"), null, null);
    }

    /** Skopeo that uses the registry's credentials and trusts its certificate when it is secured. */
    public static Skopeo forRegistry(LocalRegistry registry) {
        Skopeo skopeo = create();
        return registry.isSecured() ? skopeo.withAuthFile(registry.authFile()).withCertDir(registry.certDir()) : skopeo;
    }

    /** Uses a containers-auth.json for every registry (never a password on the command line). */
    public Skopeo withAuthFile(Path file) {
        return new Skopeo(executable, file, certDir);
    }

    /** Trusts the {@code *.crt} CA certificates in {@code dir}. */
    public Skopeo withCertDir(Path dir) {
        return new Skopeo(executable, authFile, dir);
    }

    /** {@code skopeo inspect}: Name, Digest, Layers, Env, Labels, Architecture, Os, ... */
    public Map<String, Object> inspect(String ref, boolean tlsVerify) {
        return parse(inspectRun(ref, tlsVerify));
    }

    /** {@code skopeo inspect --config}: the image configuration (config.Env, config.Entrypoint, rootfs, ...). */
    public Map<String, Object> inspectConfig(String ref, boolean tlsVerify) {
        return parse(inspectRun(ref, tlsVerify, "--config"));
    }

    /** {@code skopeo inspect --raw}: the manifest exactly as stored. */
    public Map<String, Object> rawManifest(String ref, boolean tlsVerify) {
        return parse(inspectRun(ref, tlsVerify, "--raw"));
    }

    /** Digests of the manifest's layers, bottom up (what tests compare to see which layers changed). */
    public List<String> layerDigests(String ref, boolean tlsVerify) {
        String manifest = inspectRun(ref, tlsVerify, "--raw");
        try {
            JsonNode layers = JSON.readTree(manifest).path("layers");
            if (!layers.isArray()) {
                throw new IllegalStateException("the manifest of " + ref + " has no layers array (an index?):\n"
                    + manifest);
            }
            List<String> digests = new ArrayList<>();
            layers.forEach(layer -> digests.add(layer.path("digest").asText()));
            return digests;
        } catch (IOException e) {
            throw new UncheckedIOException("skopeo printed a manifest for " + ref + " that is not JSON", e);
        }
    }

    /** The manifest digest ({@code sha256:...}) of an image. */
    public String digest(String ref, boolean tlsVerify) {
        return (String) inspect(ref, tlsVerify).get("Digest");
    }

    /** {@code skopeo copy src dst}. */
    public void copy(String source, String destination, boolean tlsVerify) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--insecure-policy", "copy", "--quiet",
            "--src-tls-verify=" + tlsVerify, "--dest-tls-verify=" + tlsVerify));
        if (authFile != null) {
            command.addAll(List.of("--src-authfile", authFile.toString(), "--dest-authfile", authFile.toString()));
        }
        if (certDir != null) {
            command.addAll(List.of("--src-cert-dir", certDir.toString(), "--dest-cert-dir", certDir.toString()));
        }
        command.add(source);
        command.add(destination);
        Processes.command(command).timeout(TIMEOUT).check();
    }

    /** Runs {@code skopeo inspect}; returns the result so callers can check a refusal. */
    public ProcessResult tryInspect(String ref, boolean tlsVerify) {
        return Processes.command(inspectCommand(ref, tlsVerify)).timeout(TIMEOUT).run();
    }

    private String inspectRun(String ref, boolean tlsVerify, String... options) {
        return Processes.command(inspectCommand(ref, tlsVerify, options)).timeout(TIMEOUT).check().stdout();
    }

    private List<String> inspectCommand(String ref, boolean tlsVerify, String... options) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--insecure-policy", "inspect",
            "--tls-verify=" + tlsVerify));
        command.addAll(List.of(options));
        if (authFile != null) {
            command.addAll(List.of("--authfile", authFile.toString()));
        }
        if (certDir != null) {
            command.addAll(List.of("--cert-dir", certDir.toString()));
        }
        command.add(ref);
        return command;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("skopeo printed output that is not a JSON object:\n" + json, e);
        }
    }
}
