package dev.rpc.benchmark.plan;

/**
 * One measurement of the client JVM.
 *
 * <ul>
 * <li>{@link Kind#LATENCY}: one caller, the blocking API; {@code warmup} and {@code measure} count calls.
 * <li>{@link Kind#THROUGHPUT}: the async API in a closed loop of {@code inFlight} calls spread over
 * {@code connections} connections (each completion issues the next call); {@code warmup} and
 * {@code measure} are milliseconds; {@code maxCalls}, when positive, ends the measurement early (smoke runs).
 * <li>{@link Kind#BLOCKING_SERVICE}: as {@link Kind#THROUGHPUT}, small payload, but each call goes to
 * {@code EchoService.blockingEchoAsync}, whose service blocks its thread for a millisecond. Only contenders whose
 * service runs off the event loop run it.
 * </ul>
 *
 * @param name the phase's name in the report, e.g. {@code throughput-small}
 * @param kind latency, throughput or blocking service
 * @param payload {@code small}, {@code large} or {@code blob:<bytes>}
 * @param connections client connections
 * @param inFlight calls in flight (1 for latency)
 * @param warmup calls or milliseconds before measuring
 * @param measure calls or milliseconds measured
 * @param maxCalls 0, or the number of measured calls after which a throughput phase ends early
 */
public record Phase(String name, Kind kind, String payload, int connections, int inFlight, long warmup, long measure,
        long maxCalls) {

    /** What a phase measures. */
    public enum Kind {
        LATENCY, THROUGHPUT, BLOCKING_SERVICE
    }

    /** Validates the phase. */
    public Phase {
        if (name.isEmpty() || name.contains(":") || name.contains(" ")) {
            throw new IllegalArgumentException("phase name must be a non-empty word: '" + name + "'");
        }
        if (connections < 1 || inFlight < 1 || warmup < 0 || measure < 1 || maxCalls < 0) {
            throw new IllegalArgumentException("bad phase " + name + ": connections " + connections + ", in flight "
                    + inFlight + ", warm-up " + warmup + ", measure " + measure + ", max calls " + maxCalls);
        }
    }

    /** One blocking caller. */
    public static Phase latency(String name, String payload, long warmupCalls, long measuredCalls) {
        return new Phase(name, Kind.LATENCY, payload, 1, 1, warmupCalls, measuredCalls, 0);
    }

    /** A closed loop of async calls. */
    public static Phase throughput(String name, String payload, int connections, int inFlight, long warmupMillis,
            long measureMillis) {
        return new Phase(name, Kind.THROUGHPUT, payload, connections, inFlight, warmupMillis, measureMillis, 0);
    }

    /** A closed loop of async calls to the blocking service, small payload. */
    public static Phase blockingService(String name, int connections, int inFlight, long warmupMillis, long measureMillis) {
        return new Phase(name, Kind.BLOCKING_SERVICE, "small", connections, inFlight, warmupMillis, measureMillis, 0);
    }

    /** Returns a copy that ends after {@code maxCalls} measured calls at the latest. */
    public Phase withMaxCalls(long maxCalls) {
        return new Phase(name, kind, payload, connections, inFlight, warmup, measure, maxCalls);
    }

    /** Encodes the phase as one command-line word. */
    public String encode() {
        return String.join(":", name, kind.name(), payload.replace(':', '='), Integer.toString(connections),
                Integer.toString(inFlight), Long.toString(warmup), Long.toString(measure), Long.toString(maxCalls));
    }

    /** Decodes {@link #encode()}. */
    public static Phase decode(String word) {
        String[] parts = word.split(":");
        if (parts.length != 8) {
            throw new IllegalArgumentException("not an encoded phase: " + word);
        }
        return new Phase(parts[0], Kind.valueOf(parts[1]), parts[2].replace('=', ':'), Integer.parseInt(parts[3]),
                Integer.parseInt(parts[4]), Long.parseLong(parts[5]), Long.parseLong(parts[6]), Long.parseLong(parts[7]));
    }
}
