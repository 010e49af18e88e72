package dev.rpc.core.client;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What the last connection attempt of one {@link ClientConnection} said, readable from any thread, so that load balancing
 * can skip an address it cannot reach (as gRPC skips a subchannel in TRANSIENT_FAILURE) and start the attempt
 * that brings it back.
 *
 * <p>A connection never tried is healthy: its first attempt is how the client learns. A failed attempt makes it
 * failing until an attempt succeeds. While failing, it knows when its reconnect back-off allows the next
 * attempt; {@link #claimRetry(long)} hands that attempt to exactly one caller. Losing an open connection
 * changes nothing here: the next attempt to reconnect decides.
 *
 * <p>Written on the peer's event loop; read and claimed from any thread, without locks.
 */
final class ConnectionHealth {

    private final AtomicReference<Failure> failure = new AtomicReference<>();

    /** Channels of the connection open now (one, or two while a draining one finishes); written on the event loop. */
    private volatile int open;

    /** Connection attempts that succeeded; written on the peer's event loop only. */
    private volatile long opened;

    /** Connection attempts that failed; written on the peer's event loop only. */
    private volatile long failedAttempts;

    /** Returns whether the last connection attempt failed and none has succeeded since. */
    boolean isFailing() {
        return failure.get() != null;
    }

    /** Returns why the last connection attempt failed, or {@code null} when not failing. */
    String reason() {
        Failure current = failure.get();
        return current == null ? null : current.reason;
    }

    /** Records a successful connection attempt; on the peer's event loop. */
    void connected() {
        failure.set(null);
        open++;
        opened++;
    }

    /** Records that a channel {@link #connected()} closed; on the peer's event loop. Changes nothing about failing. */
    void disconnected() {
        open--;
    }

    /** Returns the channels open now: 1, 0, or 2 while one the server asked to drain finishes its calls. */
    int openChannels() {
        return open;
    }

    /** Returns how many times the connection was opened again after its first time. */
    long reconnects() {
        return Math.max(0, opened - 1);
    }

    /** Returns how many connection attempts failed. */
    long failedAttempts() {
        return failedAttempts;
    }

    /**
     * Records a failed connection attempt; on the peer's event loop.
     * @param reason what went wrong, for messages
     * @param retryAtNanos the {@link System#nanoTime()} from which the back-off allows the next attempt
     */
    void failed(String reason, long retryAtNanos) {
        failure.set(new Failure(reason, retryAtNanos, false));
        failedAttempts++;
    }

    /**
     * Claims the next connection attempt of a failing connection whose back-off has passed. Returns
     * {@code true} to one caller per failed attempt, which must then start the attempt.
     * @param nowNanos the current {@link System#nanoTime()}
     * @return whether the caller claimed the attempt
     */
    boolean claimRetry(long nowNanos) {
        Failure current = failure.get();
        return current != null && !current.claimed && nowNanos - current.retryAtNanos >= 0
                && failure.compareAndSet(current, new Failure(current.reason, current.retryAtNanos, true));
    }

    private record Failure(String reason, long retryAtNanos, boolean claimed) {
    }
}
