package dev.rpc.core.internal.transport;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.local.LocalAddress;

/**
 * The in-JVM ports of {@link dev.rpc.core.transport.Transport#IN_JVM}: each is the name of a Netty
 * {@link LocalAddress}, shared by the whole JVM, and separate from TCP ports.
 */
public final class InJvmPorts {

    /** The first port handed out for port 0; explicit ports below it never meet one handed out. */
    public static final int FIRST_FREE_CANDIDATE = 32768;

    private static final String PREFIX = "rpc-in-jvm:";

    private static final AtomicInteger next = new AtomicInteger(FIRST_FREE_CANDIDATE);

    private InJvmPorts() {
    }

    /** Returns the Netty address of an in-JVM port. */
    public static LocalAddress address(int port) {
        return new LocalAddress(PREFIX + port);
    }

    /** Returns the in-JVM port a server address names. */
    public static int port(LocalAddress address) {
        return Integer.parseInt(address.id().substring(PREFIX.length()));
    }

    /**
     * Returns the next port to try for a server asking for port 0: never the same twice until the range from
     * {@value #FIRST_FREE_CANDIDATE} to 65535 wraps around, so a port handed out and bound later stays its own.
     */
    public static int nextCandidate() {
        return next.getAndUpdate(port -> port == 65535 ? FIRST_FREE_CANDIDATE : port + 1);
    }
}
