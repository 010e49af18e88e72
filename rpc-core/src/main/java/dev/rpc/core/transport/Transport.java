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
    NIO
}
