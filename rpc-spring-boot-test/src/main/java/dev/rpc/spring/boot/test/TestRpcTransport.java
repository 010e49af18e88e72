package dev.rpc.spring.boot.test;

import java.net.InetSocketAddress;

import dev.rpc.core.internal.transport.InJvmPorts;

/**
 * The in-JVM port of one test context's server, chosen when the context is created so that references, created
 * before the server starts, already know it; each context gets its own, so cached contexts never meet.
 *
 * @param port the in-JVM port the server listens on
 */
public record TestRpcTransport(int port) {

    /** Picks a port no other server of this JVM was given by port 0 or by another test context. */
    public static TestRpcTransport create() {
        return new TestRpcTransport(InJvmPorts.nextCandidate());
    }

    /** Returns the address every reference of the context is given. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved("localhost", this.port);
    }
}
