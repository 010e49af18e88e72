package dev.rpc.core.transport;

/** Which socket implementation carries connections. */
public enum Transport {

    /** Epoll when the native library loads, NIO otherwise. The default. */
    AUTO,
    /** Linux epoll; fails at start if unavailable. */
    EPOLL,
    /** Linux io_uring; fails at start if unavailable. */
    IO_URING,
    /** Java NIO, available everywhere. */
    NIO,
    /**
     * No socket: Netty's in-JVM channels ({@code LocalChannel}), for tests and for client and server in one process.
     * Frames are encoded, decoded and serialized exactly as over TCP. A server listens on an in-JVM port of its own
     * ({@code port}; 0 picks a free one from 32768 up; its bind address is not used), separate from TCP ports, and a
     * client with this transport connects {@code host:port} to the in-JVM server on that port, whatever the host.
     * Client and server must both use it.
     */
    IN_JVM
}
