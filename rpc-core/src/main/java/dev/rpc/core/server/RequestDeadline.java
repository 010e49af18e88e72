package dev.rpc.core.server;

/**
 * Turns the timeout a REQUEST carries into a local deadline on the {@link System#nanoTime()} clock, when the
 * frame arrives. Deadlines are compared only by difference ({@code now - deadline > 0}), which stays exact
 * across the clock's wrap as long as the two are less than 2^63 ns apart; so a timeout is clamped to
 * {@link #MAX_TIMEOUT_NANOS} and never overflows, however large the value on the wire.
 */
final class RequestDeadline {

    /** The deadline value meaning "none": the caller sent a timeout of 0. */
    static final long NONE = 0;

    /** The longest timeout taken as sent, 2^62 ns (about 146 years); a longer one is clamped to it. */
    static final long MAX_TIMEOUT_NANOS = 1L << 62;

    private RequestDeadline() {
    }

    /**
     * Returns the deadline of a call.
     * @param receivedNanos {@link System#nanoTime()} when the REQUEST arrived
     * @param timeoutMicros the timeout from its header: 0 for none, never negative (the decoder refuses that)
     * @return {@link #NONE}, or the {@code nanoTime} at which the caller gives up; never {@link #NONE} then
     */
    static long fromTimeout(long receivedNanos, long timeoutMicros) {
        if (timeoutMicros < 0) {
            throw new IllegalArgumentException("negative timeout " + timeoutMicros);
        }
        if (timeoutMicros == 0) {
            return NONE;
        }
        long timeoutNanos = timeoutMicros >= MAX_TIMEOUT_NANOS / 1000 ? MAX_TIMEOUT_NANOS : timeoutMicros * 1000;
        long deadline = receivedNanos + timeoutNanos; // may wrap: only differences are ever taken
        return deadline == NONE ? 1 : deadline;
    }
}
