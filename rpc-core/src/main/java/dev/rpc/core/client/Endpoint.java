package dev.rpc.core.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoop;

/**
 * A client's connections to one server address, {@link RpcClientOptions#connectionsPerAddress()} of them,
 * spread over the client's event loops and used in turn. A call made from the callback of an earlier call
 * on the same thread stays where that answer came from: on its connection (written in the same flush as
 * the calls made by the other answers of that read), or else on a connection of the same event loop, so
 * it never wakes another I/O thread. Load balancing and failover see the endpoint; only the choice of
 * connection happens here.
 *
 * <p>The endpoint is failing while one of its connections is (see {@link ConnectionHealth}): a refused or
 * timed-out attempt to one connection says the address cannot be reached, and its other connections would
 * only learn it again, one call at a time.
 */
final class Endpoint {

    private final InetSocketAddress address;

    private final ClientConnection[] connections;

    private final EventLoop[] loops;

    private final ClientConnection[][] connectionsByLoop;

    private final AtomicInteger nextConnection = new AtomicInteger();

    private final AtomicInteger inFlight = new AtomicInteger();

    Endpoint(InetSocketAddress address, ClientConnection[] connections) {
        if (connections.length == 0) {
            throw new IllegalArgumentException("an endpoint needs at least one connection");
        }
        this.address = address;
        this.connections = connections;
        Map<EventLoop, List<ClientConnection>> byLoop = new LinkedHashMap<>();
        for (ClientConnection connection : connections) {
            byLoop.computeIfAbsent(connection.eventLoop(), loop -> new ArrayList<>()).add(connection);
        }
        this.loops = byLoop.keySet().toArray(EventLoop[]::new);
        this.connectionsByLoop = byLoop.values().stream().map(list -> list.toArray(ClientConnection[]::new)).toArray(ClientConnection[][]::new);
    }

    InetSocketAddress address() {
        return address;
    }

    /** Returns the connection for the next call. */
    ClientConnection connection() {
        if (connections.length == 1) {
            return connections[0];
        }
        ClientConnection[] candidates = connections;
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].inEventLoop()) {
                candidates = connectionsByLoop[i];
                ClientConnection answering = ClientConnection.answering();
                for (ClientConnection candidate : candidates) {
                    if (candidate == answering) {
                        return answering;
                    }
                }
                break;
            }
        }
        return candidates[Math.floorMod(nextConnection.getAndIncrement(), candidates.length)];
    }

    /** Returns whether the last connection attempt of one of this address's connections failed, with none since. */
    boolean isFailing() {
        for (ClientConnection connection : connections) {
            if (connection.health().isFailing()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts, in the background, the next connection attempt of each failing connection whose reconnect
     * back-off has passed, at most once per back-off whoever asks; thread-safe, returns at once.
     * @param nowNanos the current {@link System#nanoTime()}
     * @return whether this caller started an attempt, which a call sent here now would wait for
     */
    boolean retryIfDue(long nowNanos) {
        boolean started = false;
        for (ClientConnection connection : connections) {
            if (connection.health().claimRetry(nowNanos)) {
                connection.reconnect();
                started = true;
            }
        }
        return started;
    }

    /** Returns why a connection to this address is failing, or {@code null} when none is. */
    String failure() {
        for (ClientConnection connection : connections) {
            String reason = connection.health().reason();
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** Returns a snapshot of this address's connections, for monitoring. */
    AddressConnections state() {
        int open = 0;
        long reconnects = 0;
        long failedAttempts = 0;
        for (ClientConnection connection : connections) {
            ConnectionHealth health = connection.health();
            open += health.openChannels();
            reconnects += health.reconnects();
            failedAttempts += health.failedAttempts();
        }
        return new AddressConnections(address, connections.length, open, reconnects, failedAttempts, failure());
    }

    /** Returns the calls a load balancer sees outstanding on this address. */
    int inFlight() {
        return inFlight.get();
    }

    /** Counts a call in flight until its result completes; for load balancing. */
    void trackInFlight(PendingCall call) {
        inFlight.incrementAndGet();
        call.result.whenComplete((value, failure) -> inFlight.decrementAndGet());
    }

    /** Fails every call and closes every connection; returns once done. */
    void close() {
        for (ClientConnection connection : connections) {
            connection.close();
        }
    }
}
