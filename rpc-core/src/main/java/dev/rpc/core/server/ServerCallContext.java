package dev.rpc.core.server;

import java.net.SocketAddress;
import java.util.Map;

/**
 * What a service method can learn about the call it is serving: the caller's metadata, deadline and address.
 * Available through {@link #current()} on the thread that runs the method, while it runs (not in
 * stages of a {@code CompletableFuture} it returns).
 */
public final class ServerCallContext {

    private static final ThreadLocal<ServerCallContext> CURRENT = new ThreadLocal<>();

    private final long requestId;

    private final Map<String, String> metadata;

    private final long deadlineNanos;

    private final SocketAddress remoteAddress;

    ServerCallContext(long requestId, Map<String, String> metadata, long deadlineNanos, SocketAddress remoteAddress) {
        this.requestId = requestId;
        this.metadata = metadata;
        this.deadlineNanos = deadlineNanos;
        this.remoteAddress = remoteAddress;
    }

    /** Returns the context of the call the current thread is serving, or {@code null} outside a call. */
    public static ServerCallContext current() {
        return CURRENT.get();
    }

    static void set(ServerCallContext context) {
        CURRENT.set(context);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** Returns the caller's request id. */
    public long requestId() {
        return requestId;
    }

    /** Returns the metadata the caller sent; empty, never {@code null}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Returns the address of the caller's end of the connection the call came on. */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Returns the nanoseconds left before the caller gives up, or {@link Long#MAX_VALUE} with no deadline. */
    public long remainingNanos() {
        return deadlineNanos == 0 ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }
}
