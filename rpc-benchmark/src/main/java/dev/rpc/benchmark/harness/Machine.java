package dev.rpc.benchmark.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the report says about the machine: cores, processor, memory, and how busy it is, from {@code /proc}. */
final class Machine {

    private Machine() {
    }

    /** The cores this JVM, and so every contender's JVM, may use: what the threads target counts in. */
    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The processor's model name, or {@code "processor unknown"}. */
    static String processor() {
        return procField("/proc/cpuinfo", "model name", "processor unknown");
    }

    /** Total memory, e.g. {@code "7.8 GiB RAM"}, or {@code "RAM unknown"}. */
    static String memory() {
        String total = procField("/proc/meminfo", "MemTotal", null);
        if (total == null) {
            return "RAM unknown";
        }
        long kib = Long.parseLong(total.replaceAll("\\D+", ""));
        return String.format(Locale.ROOT, "%.1f GiB RAM", kib / 1024.0 / 1024.0);
    }

    /** The load average over 1, 5 and 15 minutes, e.g. {@code "1.20, 0.95, 0.80"}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        }
        catch (IOException | RuntimeException ex) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The value of the first {@code name: value} line of a {@code /proc} file, or {@code otherwise}. */
    private static String procField(String file, String name, String otherwise) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not Linux
        }
        return otherwise;
    }
}
