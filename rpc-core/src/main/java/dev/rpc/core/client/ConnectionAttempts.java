package dev.rpc.core.client;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The connection attempts of one {@link ClientConnection}: when the next may start after a failure (a back-off that
 * doubles up to its maximum), what the last failure was, and its {@link ConnectionHealth} for the balancers.
 * Confined to the connection's event loop, except {@link #health()}, which is thread-safe.
 */
final class ConnectionAttempts {

    private final InetSocketAddress address;

    private final long initialBackoffNanos;

    private final long maxBackoffNanos;

    private final ConnectionHealth health = new ConnectionHealth();

    private long backoffNanos;

    private long nextAttemptNanos;

    private Throwable lastFailure;

    ConnectionAttempts(InetSocketAddress address, RpcClientOptions options) {
        this.address = address;
        this.initialBackoffNanos = options.reconnectBackoff().toNanos();
        this.maxBackoffNanos = options.maxReconnectBackoff().toNanos();
        this.backoffNanos = initialBackoffNanos;
    }

    ConnectionHealth health() {
        return health;
    }

    /** Returns whether the back-off after the last failure is still running, so calls should fail fast. */
    boolean backingOff() {
        return System.nanoTime() - nextAttemptNanos < 0;
    }

    void succeeded() {
        backoffNanos = initialBackoffNanos;
        lastFailure = null;
        health.connected();
    }

    void failed(Throwable cause) {
        lastFailure = cause;
        nextAttemptNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, maxBackoffNanos);
        health.failed("cannot connect to " + ClientConnection.describe(address) + " (" + cause() + ")", nextAttemptNanos);
    }

    /** Returns what calls that cannot be sent are told while the back-off runs. */
    String failureMessage() {
        long retryMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextAttemptNanos - System.nanoTime()));
        return "cannot connect to " + ClientConnection.describe(address) + " (" + cause() + "); next attempt in "
                + retryMillis + " ms; not sent";
    }

    private String cause() {
        return lastFailure == null ? "client is closed"
                : lastFailure.getMessage() != null ? lastFailure.getMessage() : lastFailure.toString();
    }
}
