package io.baetyl.function.testinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a runc container's memory and pids cgroups live (cgroup v1, v2 or hybrid) and what they say. */
final class ContainerCgroup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path memory;
    private final Path pids;
    private final List<Path> all;
    private final int version;

    private ContainerCgroup(Path memory, Path pids, List<Path> all, int version) {
        this.memory = memory;
        this.pids = pids;
        this.all = List.copyOf(all);
        this.version = version;
    }

    /** Reads the cgroup paths runc recorded in its state file ({@code <root>/<id>/state.json}). */
    static ContainerCgroup fromRuncState(Path stateFile) {
        try {
            JsonNode paths = JSON.readTree(stateFile.toFile()).path("cgroup_paths");
            List<Path> all = new ArrayList<>();
            paths.properties().forEach(entry -> all.add(Path.of(entry.getValue().asText())));
            if (paths.hasNonNull("memory") && paths.hasNonNull("pids")) {
                return new ContainerCgroup(Path.of(paths.get("memory").asText()), Path.of(paths.get("pids").asText()),
                    all, 1);
            }
            if (paths.hasNonNull("")) {
                Path unified = Path.of(paths.get("").asText());
                return new ContainerCgroup(unified, unified, all, 2);
            }
            throw new IllegalStateException("runc's state " + stateFile + " names no memory/pids cgroup: " + paths);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read runc's state " + stateFile, e);
        }
    }

    CgroupStats stats() {
        if (version == 1) {
            return new CgroupStats(
                limit(read(memory, "memory.limit_in_bytes")),
                number(read(memory, "memory.max_usage_in_bytes")),
                keyed(read(memory, "memory.oom_control"), "oom_kill"),
                limit(read(pids, "pids.max")),
                number(readOptional(pids, "pids.peak")),
                keyed(read(pids, "pids.events"), "max"),
                1);
        }
        return new CgroupStats(
            limit(read(memory, "memory.max")),
            number(readOptional(memory, "memory.peak")),
            keyed(read(memory, "memory.events"), "oom_kill"),
            limit(read(pids, "pids.max")),
            number(readOptional(pids, "pids.peak")),
            keyed(read(pids, "pids.events"), "max"),
            2);
    }

    /** The memory and pids cgroups (one directory on cgroup v2). */
    List<Path> directories() {
        return memory.equals(pids) ? List.of(memory) : List.of(memory, pids);
    }

    /** Every cgroup directory runc made for the container, in every hierarchy. */
    List<Path> allDirectories() {
        return all;
    }

    int version() {
        return version;
    }

    private static String read(Path dir, String file) {
        try {
            return Files.readString(dir.resolve(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + dir.resolve(file), e);
        }
    }

    private static String readOptional(Path dir, String file) {
        try {
            return Files.readString(dir.resolve(file)).trim();
        } catch (NoSuchFileException e) {
            return "-1";
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + dir.resolve(file), e);
        }
    }

    /** "max" and v1's "unlimited" (a huge page-aligned number) both mean -1. */
    private static long limit(String value) {
        if (value.equals("max")) {
            return -1;
        }
        long number = Long.parseLong(value);
        return number >= Long.MAX_VALUE / 2 ? -1 : number;
    }

    private static long number(String value) {
        return Long.parseLong(value);
    }

    private static long keyed(String content, String key) {
        for (String line : content.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return Long.parseLong(parts[1]);
            }
        }
        return 0;
    }
}
