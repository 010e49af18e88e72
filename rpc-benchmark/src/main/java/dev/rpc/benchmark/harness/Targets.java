package dev.rpc.benchmark.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;

import dev.rpc.benchmark.plan.Plan;

/**
 * The targets the report checks, each a figure of this run against a bound, as ratios within the run: met, missed,
 * or "not measured" when a contender it needs did not run (not named, skipped or failed).
 */
final class Targets {

    private static final String FLOOR = "floor";

    private static final String RPC = "rpc";

    private static final String RPC_DIRECT = "rpc-direct";

    private final List<ContenderRun> runs;

    private final int cores;

    /**
     * @param runs every contender of the run
     * @param cores the machine's cores, which the thread target counts in
     */
    Targets(List<ContenderRun> runs, int cores) {
        this.runs = runs;
        this.cores = cores;
    }

    /** One line of a targets table. */
    record Row(String target, String measured, String verdict) {
    }

    /**
     * The performance issue's targets: the default (blocking-safe) mode nearly as fast as the event-loop mode, the
     * event-loop mode near the floor with many connections, the client's CPU per call, threads and heap.
     */
    List<Row> performance() {
        List<Row> rows = new ArrayList<>();
        for (int connections : Plan.CONNECTION_COUNTS) {
            String phase = Plan.CONNECTIONS + connections;
            rows.add(ratio("`rpc` throughput ≥ 0.8× `rpc-direct`, " + connections
                    + (connections == 1 ? " connection" : " connections"), RPC, RPC_DIRECT, phase, "rate", "calls/s", v -> v >= 0.8));
        }
        rows.add(ratio("`rpc` latency p50 ≤ 1.25× floor", RPC, FLOOR, Plan.LATENCY, "p50", "µs", v -> v <= 1.25));
        rows.add(ratio("`rpc` latency p99 ≤ 1.5× floor", RPC, FLOOR, Plan.LATENCY, "p99", "µs", v -> v <= 1.5));
        int most = Plan.CONNECTION_COUNTS[Plan.CONNECTION_COUNTS.length - 1];
        rows.add(ratio("`rpc-direct` throughput with " + most + " connections ≥ 0.9× floor", RPC_DIRECT, FLOOR,
                Plan.CONNECTIONS + most, "rate", "calls/s", v -> v >= 0.9));
        rows.add(cpuPerCall());
        int threadLimit = 2 * cores + 8;
        double threads = serverStat(RPC, "peakThreads");
        rows.add(new Row("`rpc` server threads ≤ 2 × cores + 8 = " + threadLimit + " (peak over the run, every JVM thread)",
                Double.isNaN(threads) ? "n/a" : String.format(Locale.ROOT, "%.0f", threads), verdict(threads, v -> v <= threadLimit)));
        rows.add(heapAfterGc());
        return rows;
    }

    /** The targets of the first benchmark issue that the performance issue did not replace. */
    List<Row> earlier() {
        List<Row> rows = new ArrayList<>();
        rows.add(ratio("`rpc-direct` throughput small ≥ 0.85× floor", RPC_DIRECT, FLOOR, Plan.THROUGHPUT_SMALL, "rate", "calls/s", v -> v >= 0.85));
        rows.add(ratio("`rpc-direct` throughput large ≥ 0.85× floor", RPC_DIRECT, FLOOR, Plan.THROUGHPUT_LARGE, "rate", "calls/s", v -> v >= 0.85));
        rows.add(ratio("`rpc-direct` p50 ≤ 1.15× floor", RPC_DIRECT, FLOOR, Plan.LATENCY, "p50", "µs", v -> v <= 1.15));
        rows.add(ratio("`rpc-direct` p99 ≤ 1.3× floor", RPC_DIRECT, FLOOR, Plan.LATENCY, "p99", "µs", v -> v <= 1.3));
        rows.add(ratio("`rpc` throughput small ≥ 0.5× floor", RPC, FLOOR, Plan.THROUGHPUT_SMALL, "rate", "calls/s", v -> v >= 0.5));
        rows.add(ratio("`rpc` throughput large ≥ 0.5× floor", RPC, FLOOR, Plan.THROUGHPUT_LARGE, "rate", "calls/s", v -> v >= 0.5));
        int most = Plan.CONNECTION_COUNTS[Plan.CONNECTION_COUNTS.length - 1];
        for (String id : List.of(RPC, RPC_DIRECT, FLOOR)) {
            Optional<ContenderRun> run = find(id);
            double scaling = run.map(r -> r.value(Plan.CONNECTIONS + most, "rate") / r.value(Plan.CONNECTIONS + 1, "rate"))
                    .orElse(Double.NaN);
            boolean reference = id.equals(FLOOR);
            rows.add(new Row("`" + id + "` throughput with " + most + " connections ≥ 0.8× with 1"
                    + (reference ? " (the floor, for reference: what connections cost without RPC machinery)" : ""),
                    times(scaling), reference ? (Double.isNaN(scaling) ? "not measured" : "(reference)") : verdict(scaling, v -> v >= 0.8)));
        }
        return rows;
    }

    /** The client's CPU per call in the main small-payload throughput phase, against the floor's. */
    private Row cpuPerCall() {
        double rpc = find(RPC).map(run -> cpuMicrosPerCall(run, Plan.THROUGHPUT_SMALL)).orElse(Double.NaN);
        double floor = find(FLOOR).map(run -> cpuMicrosPerCall(run, Plan.THROUGHPUT_SMALL)).orElse(Double.NaN);
        double ratio = rpc / floor;
        return new Row("`rpc` client CPU per call ≤ 1.5× floor (throughput small)", Double.isNaN(ratio) ? "n/a"
                : String.format(Locale.ROOT, "%.2f× (%.1f vs %.1f µs)", ratio, rpc, floor), verdict(ratio, v -> v <= 1.5));
    }

    private Row heapAfterGc() {
        double mib = serverStat(RPC, "heapAfterGcKiB") / 1024.0;
        return new Row("`rpc` server heap after a full GC < 16 MiB", Double.isNaN(mib) ? "n/a"
                : String.format(Locale.ROOT, "%.1f MiB", mib), verdict(mib, v -> v < 16));
    }

    /**
     * Process CPU time of the client JVM over the measured window of a phase, per call answered, in microseconds;
     * NaN when the phase did not run or the JVM could not tell.
     */
    static double cpuMicrosPerCall(ContenderRun run, String phase) {
        double cpuMillis = run.value(phase, "clientCpuMillis");
        double calls = run.value(phase, "calls");
        return calls > 0 && cpuMillis >= 0 ? cpuMillis * 1000 / calls : Double.NaN;
    }

    private Row ratio(String name, String id, String against, String phase, String key, String unit, DoublePredicate met) {
        double value = find(id).map(run -> run.value(phase, key)).orElse(Double.NaN);
        double reference = find(against).map(run -> run.value(phase, key)).orElse(Double.NaN);
        double ratio = value / reference;
        String measured = Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a"
                : String.format(Locale.ROOT, "%.2f× (%s vs %s %s)", ratio, figure(value), figure(reference), unit);
        return new Row(name, measured, verdict(ratio, met));
    }

    private double serverStat(String id, String key) {
        return find(id).map(run -> {
            String value = run.serverStats().get(key);
            return value == null ? Double.NaN : Double.parseDouble(value);
        }).orElse(Double.NaN);
    }

    private Optional<ContenderRun> find(String id) {
        return runs.stream().filter(run -> run.id().equals(id) && run.succeeded()).findFirst();
    }

    private static String verdict(double value, DoublePredicate met) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "not measured";
        }
        return met.test(value) ? "met" : "**missed**";
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String figure(double value) {
        return value >= 1000 ? BenchmarkReport.rate(value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
