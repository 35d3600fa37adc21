package io.baetyl.function.testinfra;

/**
 * Resource accounting of a container's cgroup.
 *
 * @param memoryLimitBytes the memory limit, -1 when unlimited
 * @param memoryPeakBytes  the highest memory usage seen (v1 {@code memory.max_usage_in_bytes}, v2 {@code memory.peak})
 * @param oomKills         processes the kernel OOM-killed in the cgroup
 * @param pidsLimit        the pids (tasks) limit, -1 when unlimited
 * @param pidsPeak         the highest number of tasks seen, -1 when the kernel does not report it
 * @param pidsMaxEvents    fork/clone calls refused because the pids limit was reached
 * @param cgroupVersion    1 or 2
 */
public record CgroupStats(long memoryLimitBytes, long memoryPeakBytes, long oomKills, long pidsLimit,
                          long pidsPeak, long pidsMaxEvents, int cgroupVersion) {
}
