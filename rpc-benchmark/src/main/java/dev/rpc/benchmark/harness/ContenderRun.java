package dev.rpc.benchmark.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rpc.benchmark.spi.Contenders;

/** Everything measured of one contender in one run. */
public final class ContenderRun {

    private final Contenders contender;

    final Map<String, Map<String, String>> phases = new LinkedHashMap<>();

    Map<String, String> clientStats = Map.of();

    Map<String, String> serverStats = Map.of();

    final List<String> loopbackViolations = new ArrayList<>();

    final List<String> leaks = new ArrayList<>();

    int socketSamples;

    int maxConnectedSockets;

    int maxListeningSockets;

    String failure;

    String skipped;

    final List<String> skippedPhases = new ArrayList<>();

    String loadAtStart = "";

    String loadAtEnd = "";

    long wallMillis;

    ContenderRun(Contenders contender) {
        this.contender = contender;
    }

    public Contenders contender() {
        return contender;
    }

    public String id() {
        return contender.id();
    }

    /** The RESULT of each phase, by phase name: calls, errors, rate, p50 ... max (microseconds). */
    public Map<String, Map<String, String>> phases() {
        return phases;
    }

    /** The figures of one phase, or {@code null}. */
    public Map<String, String> phase(String name) {
        return phases.get(name);
    }

    /** A figure of one phase as a number, or NaN. */
    public double value(String phase, String key) {
        Map<String, String> values = phases.get(phase);
        if (values == null || values.get(key) == null) {
            return Double.NaN;
        }
        return Double.parseDouble(values.get(key));
    }

    public Map<String, String> clientStats() {
        return clientStats;
    }

    public Map<String, String> serverStats() {
        return serverStats;
    }

    public List<String> loopbackViolations() {
        return loopbackViolations;
    }

    /** Lines of Netty's leak detector found in the child JVMs' output. */
    public List<String> leaks() {
        return leaks;
    }

    /** How many times the sockets were sampled; how many connected and listening sockets were seen at most. */
    public int socketSamples() {
        return socketSamples;
    }

    public int maxConnectedSockets() {
        return maxConnectedSockets;
    }

    public int maxListeningSockets() {
        return maxListeningSockets;
    }

    /** Why the contender could not be measured, or {@code null}. */
    public String failure() {
        return failure;
    }

    /** Why the contender did not run at all on this machine (not a failure), or {@code null}. */
    public String skipped() {
        return skipped;
    }

    /** Phases of the plan this contender did not run, because its service runs on the event loop. */
    public List<String> skippedPhases() {
        return skippedPhases;
    }

    /** The machine's load average (1, 5, 15 min) when this contender started, and when it was done. */
    public String loadAtStart() {
        return loadAtStart;
    }

    public String loadAtEnd() {
        return loadAtEnd;
    }

    /** Whether the contender ran and finished: neither failed nor skipped. */
    public boolean succeeded() {
        return failure == null && skipped == null;
    }

    /** Calls that failed in the blocking-service phases (refused or timed out): measured, not errors. */
    public long blockingServiceFailures() {
        long failed = 0;
        for (Map<String, String> phase : phases.values()) {
            failed += Long.parseLong(phase.getOrDefault("failed", "0"));
        }
        return failed;
    }

    /** Errors over every phase. */
    public long totalErrors() {
        long errors = 0;
        for (Map<String, String> phase : phases.values()) {
            errors += Long.parseLong(phase.getOrDefault("errors", "0"));
        }
        return errors;
    }
}
