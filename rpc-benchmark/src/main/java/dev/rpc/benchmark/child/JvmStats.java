package dev.rpc.benchmark.child;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a child JVM reports about itself: memory, GC, threads and CPU, read from JMX and {@code /proc/self/status}. */
final class JvmStats {

    private JvmStats() {
    }

    /**
     * Collects the figures. GC count and time, RSS and threads are read first, as the load left them; then
     * a full GC ({@code System.gc()}, a full collection with G1 unless disabled) and the heap in use after it.
     */
    static Map<String, Object> collect() {
        Map<String, Object> stats = new LinkedHashMap<>();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        stats.put("pid", ProcessHandle.current().pid());
        stats.put("rssKiB", procStatus("VmRSS"));
        stats.put("peakRssKiB", procStatus("VmHWM"));
        stats.put("gcCount", gcCount);
        stats.put("gcMillis", gcMillis);
        stats.put("threads", threads.getThreadCount());
        stats.put("peakThreads", threads.getPeakThreadCount());
        stats.put("cpuMillis", cpuMillis());
        System.gc();
        System.gc();
        stats.put("heapAfterGcKiB", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024);
        stats.put("heapCommittedKiB", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024);
        return stats;
    }

    /** Process CPU time so far, in milliseconds, or -1. */
    static long cpuMillis() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1_000_000;
        }
        return -1;
    }

    private static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not Linux: reported as unknown
        }
        return -1;
    }
}
