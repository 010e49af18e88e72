package dev.rpc.benchmark.plan;

import java.util.ArrayList;
import java.util.List;

/** The phases every contender's client runs, in order, against one server. */
public final class Plan {

    /** Names of the phases the report reads. */
    public static final String LATENCY = "latency";
    public static final String THROUGHPUT_SMALL = "throughput-small";
    public static final String THROUGHPUT_LARGE = "throughput-large";
    public static final String CONNECTIONS = "connections-";
    public static final String PAYLOAD = "payload-";
    public static final String BLOCKING = "blocking-";

    /** Calls in flight of the blocking-service phases: fewer than the default worker pool queues, and more. */
    public static final int[] BLOCKING_IN_FLIGHT = { 64, 512 };

    /**
     * Connections of the blocking-service phases, the calls in flight spread evenly: 512 in flight stay at 64 per
     * connection, below every contender's per-connection limit (this framework's default is 256), so that what
     * refuses calls, if anything, is the worker pool and its queue.
     */
    public static final int BLOCKING_CONNECTIONS = 8;

    /** Connection counts of the scaling phases. */
    public static final int[] CONNECTION_COUNTS = { 1, 16, 128 };

    /** Blob sizes of the payload phases, in bytes. */
    public static final int[] PAYLOAD_SIZES = { 100, 10 * 1024, 100 * 1024, 1024 * 1024 };

    /** Calls in flight of the connection phases, spread evenly over the connections. */
    public static final int CONNECTIONS_IN_FLIGHT = 128;

    /** Calls in flight of the main throughput and the payload phases, on one connection. */
    public static final int IN_FLIGHT = 64;

    private Plan() {
    }

    /**
     * The full benchmark: latency 20 000 + 30 000 calls; throughput small and large 5 s + 10 s; the
     * scaling phases (connections, payload sizes) and the blocking-service phases 1.5 s + 2 s each, to fit six
     * contenders in about 9 minutes on 2 cores (JVM start-up and connection set-up included).
     * The scaling warm-up is that long because each new phase changes the JIT's type profiles (several
     * connections, partial frames, larger buffers): the deoptimised event-loop code takes C2 about a second
     * to recompile on 2 cores, and a shorter warm-up measured that instead of the framework.
     */
    public static List<Phase> full() {
        return build(20_000, 30_000, 5_000, 10_000, 1_500, 2_000);
    }

    /** A shorter run for trying things out: the same phases, about a quarter to a third of the time. */
    public static List<Phase> quick() {
        return build(5_000, 10_000, 1_000, 3_000, 500, 1_000);
    }

    /**
     * A few hundred calls per contender, to prove the harness and every contender work; nothing is timed.
     * Every kind of phase once: blocking calls, async calls with small, large and 1 MiB payloads, several
     * connections, and the blocking service.
     */
    public static List<Phase> smoke() {
        return List.of(
                Phase.latency(LATENCY, "small", 50, 200),
                Phase.throughput(THROUGHPUT_SMALL, "small", 1, IN_FLIGHT, 0, 20_000).withMaxCalls(300),
                Phase.throughput(THROUGHPUT_LARGE, "large", 1, IN_FLIGHT, 0, 20_000).withMaxCalls(200),
                Phase.throughput(PAYLOAD + (1024 * 1024), "blob:" + (1024 * 1024), 1, 4, 0, 20_000).withMaxCalls(8),
                Phase.throughput(CONNECTIONS + 4, "small", 4, 16, 0, 20_000).withMaxCalls(200),
                Phase.blockingService(BLOCKING + BLOCKING_IN_FLIGHT[0], BLOCKING_CONNECTIONS, BLOCKING_IN_FLIGHT[0], 0,
                        20_000).withMaxCalls(200));
    }

    private static List<Phase> build(long latencyWarmup, long latencyCalls, long warmupMillis, long measureMillis,
            long scalingWarmupMillis, long scalingMeasureMillis) {
        List<Phase> phases = new ArrayList<>();
        phases.add(Phase.latency(LATENCY, "small", latencyWarmup, latencyCalls));
        phases.add(Phase.throughput(THROUGHPUT_SMALL, "small", 1, IN_FLIGHT, warmupMillis, measureMillis));
        phases.add(Phase.throughput(THROUGHPUT_LARGE, "large", 1, IN_FLIGHT, warmupMillis, measureMillis));
        for (int size : PAYLOAD_SIZES) {
            phases.add(Phase.throughput(PAYLOAD + size, "blob:" + size, 1, IN_FLIGHT, scalingWarmupMillis,
                    scalingMeasureMillis));
        }
        for (int connections : CONNECTION_COUNTS) {
            phases.add(Phase.throughput(CONNECTIONS + connections, "small", connections, CONNECTIONS_IN_FLIGHT,
                    scalingWarmupMillis, scalingMeasureMillis));
        }
        // last, so that the threads it makes (gRPC's pool grows with the calls) and the code it runs leave the
        // phases above as they were
        for (int inFlight : BLOCKING_IN_FLIGHT) {
            phases.add(Phase.blockingService(BLOCKING + inFlight, BLOCKING_CONNECTIONS, inFlight, scalingWarmupMillis,
                    scalingMeasureMillis));
        }
        return phases;
    }
}
