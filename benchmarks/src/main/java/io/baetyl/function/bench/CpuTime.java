package io.baetyl.function.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) a process has used, from /proc/PID/stat. CPU per call does not depend on what else
 * the machine runs, so it compares servers fairly even on a busy machine.
 */
final class CpuTime {

    /** USER_HZ: the unit of utime / stime in /proc/PID/stat on Linux. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    /** Nanoseconds of CPU used so far, or -1 when the process is gone. */
    static long nanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException e) {
            return -1;
        }
    }
}
