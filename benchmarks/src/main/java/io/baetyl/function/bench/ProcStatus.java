package io.baetyl.function.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The lines of /proc/PID/status the benchmark reports: peak and current RSS, thread count. */
record ProcStatus(long vmHwmKib, long vmRssKib, int threads) {

    /** Empty when the process is gone. */
    static Optional<ProcStatus> read(long pid) {
        try {
            long hwm = 0;
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                } else if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
            return Optional.of(new ProcStatus(hwm, rss, threads));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long kib(String line) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        return Long.parseLong(value.split("\\s+")[0]);
    }
}
