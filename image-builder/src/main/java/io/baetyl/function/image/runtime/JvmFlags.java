package io.baetyl.function.image.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The runtime image's default JVM flags, sized for a 50 MiB / 20 thread container. They live in a
 * {@code -XX:Flags=} file, which HotSpot reads before {@code JAVA_TOOL_OPTIONS}, so any flag set
 * there (or on the command line) overrides them.
 */
public final class JvmFlags {

  /**
   * One flag per line, {@code .hotspotrc} syntax (no {@code -XX:} prefix). The process-mode
   * distribution ships the same list ({@code runtime/src/dist/conf/jvm.flags}; a test keeps them equal).
   */
  public static final List<String> DEFAULTS = List.of(
      "MaxHeapSize=20m",
      "ThreadStackSize=256",
      "+UseSerialGC",
      // C2 only, one compiler thread: about 0.6x the CPU per call of C1 code under load. C2 builds each compilation
      // in native arenas that grow with inlining (14 MiB for one Netty method with the default limits), so inlining
      // is bounded; a lower compile threshold brings C2 code in sooner; loops are compiled on stack only after
      // about 100,000 iterations, not 2,000: the start-up's short loops (jar directories, hashing) stay
      // interpreted instead of costing C2 about 50 ms of CPU while the runtime starts
      "-TieredCompilation",
      "CICompilerCount=1",
      "CompileThreshold=2000",
      "OnStackReplacePercentage=5000",
      "FreqInlineSize=50",
      "MaxInlineLevel=4",
      "InlineSmallCode=1000",
      "-UsePerfData",
      "MaxMetaspaceSize=32m",
      "ReservedCodeCacheSize=16m",
      // one 4 MiB request and its 4 MiB reply; with the heap and the JVM's own memory, 16 MiB could exceed 50 MiB
      "MaxDirectMemorySize=10m",
      "+ExitOnOutOfMemoryError",
      // JMX low-memory notifications go to the service thread: one thread less of a 20-thread budget
      "-UseNotificationThread",
      // map the class-data-sharing archive at the address it was dumped for instead of relocating it (JDK 17u's
      // default, for address-space randomisation of the archive): about 14 ms less per start with the runtime's
      // 23 MB archive; JAVA_TOOL_OPTIONS=-XX:ArchiveRelocationMode=1 restores the relocation
      "+UnlockDiagnosticVMOptions",
      "ArchiveRelocationMode=0");

  /**
   * glibc's allocator settings for the same budget (environment variables; the container's or the caller's own
   * values win): without them a 4 MiB message's native buffers stay with the process after they are freed (the
   * mmap threshold grows to the largest block freed), and a few large messages in a row cost the 50 MiB
   * container an OOM kill. The process-mode launcher sets the same (a test keeps them equal).
   */
  public static final SortedMap<String, String> MALLOC_ENVIRONMENT = Collections.unmodifiableSortedMap(new TreeMap<>(
      Map.of("MALLOC_ARENA_MAX", "2", "MALLOC_MMAP_THRESHOLD_", "131072", "MALLOC_TRIM_THRESHOLD_", "131072")));

  private JvmFlags() {}

  static byte[] file(List<String> flags) {
    StringBuilder text = new StringBuilder();
    for (String flag : flags) {
      String trimmed = flag.strip();
      if (trimmed.startsWith("-XX:")) {
        trimmed = trimmed.substring(4);
      }
      if (!trimmed.matches("[+-]?[A-Za-z][A-Za-z0-9_]*(=.*)?")) {
        throw new IllegalArgumentException("The JVM flag '" + flag + "' is not a -XX flag: write "
            + "it as +Name, -Name or Name=value; system properties (-D) belong in "
            + "JAVA_TOOL_OPTIONS.");
      }
      text.append(trimmed).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
