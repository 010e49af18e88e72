package dev.rpc.core.server;

import dev.rpc.core.protocol.RpcStatus;

/**
 * Why a server answered a call without running it, before any {@link ServerInterceptor} saw it; counted by
 * {@link RpcServer#refusedCalls(RefusalReason)}. Every refusal is answered {@code NOT_EXECUTED}.
 */
public enum RefusalReason {

    /** The executor was full: every worker busy and the queue at capacity ({@code RESOURCE_EXHAUSTED}). */
    QUEUE_FULL(RpcStatus.RESOURCE_EXHAUSTED),

    /** The connection had {@link RpcServerOptions#maxConcurrentCallsPerConnection()} calls already ({@code RESOURCE_EXHAUSTED}). */
    CONNECTION_LIMIT(RpcStatus.RESOURCE_EXHAUSTED),

    /** The request was larger than {@link RpcServerOptions#maxFrameSize()} ({@code RESOURCE_EXHAUSTED}). */
    FRAME_TOO_LARGE(RpcStatus.RESOURCE_EXHAUSTED),

    /** The server was shutting down ({@code UNAVAILABLE}). */
    SHUTTING_DOWN(RpcStatus.UNAVAILABLE),

    /** The caller's deadline passed while the call waited for a worker ({@code DEADLINE_EXCEEDED}). */
    DEADLINE_PASSED(RpcStatus.DEADLINE_EXCEEDED),

    /** No exported service or method has the ids called ({@code NOT_FOUND}). */
    NOT_FOUND(RpcStatus.NOT_FOUND),

    /** The request could not be served as sent: wrong argument count, a format not enabled, a malformed header. */
    INVALID_REQUEST(RpcStatus.INVALID_ARGUMENT);

    private final RpcStatus status;

    RefusalReason(RpcStatus status) {
        this.status = status;
    }

    /** Returns the status the caller is answered with ({@code INVALID_REQUEST} may also be {@code UNIMPLEMENTED}). */
    public RpcStatus status() {
        return status;
    }
}
