package dev.rpc.core.client;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's connections to one server address, {@link RpcClientOptions#connectionsPerAddress()} of them,
 * each on its own event loop when there are enough, used in turn. Load balancing and failover see the
 * endpoint; only the choice of connection happens here.
 */
final class Endpoint {

    private final InetSocketAddress address;

    private final Peer[] connections;

    private final AtomicInteger nextConnection = new AtomicInteger();

    private final AtomicInteger inFlight = new AtomicInteger();

    Endpoint(InetSocketAddress address, Peer[] connections) {
        if (connections.length == 0) {
            throw new IllegalArgumentException("an endpoint needs at least one connection");
        }
        this.address = address;
        this.connections = connections;
    }

    InetSocketAddress address() {
        return address;
    }

    /** Returns the connection for the next call. */
    Peer connection() {
        if (connections.length == 1) {
            return connections[0];
        }
        return connections[Math.floorMod(nextConnection.getAndIncrement(), connections.length)];
    }

    int connectionCount() {
        return connections.length;
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
        for (Peer connection : connections) {
            connection.close();
        }
    }
}
