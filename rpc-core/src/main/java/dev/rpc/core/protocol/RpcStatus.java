package dev.rpc.core.protocol;

/**
 * Outcome of a remote call, sent as one unsigned byte in every RESPONSE and GOAWAY frame.
 *
 * <p>The numbers are gRPC's canonical status codes, so their meaning carries over; {@link #APPLICATION_ERROR}
 * is this protocol's own. Wire values are part of the protocol: never renumber or reuse one. A value this
 * version does not know decodes to {@link #UNKNOWN}, so newer peers never break older ones.
 */
public enum RpcStatus {

    /** The method ran and returned normally. */
    OK(0),
    /** The caller cancelled the call. */
    CANCELLED(1),
    /** An error that could not be classified, or a status this version does not know. Treat as {@link #INTERNAL}. */
    UNKNOWN(2),
    /** The arguments could not be decoded as the method's parameter types, or the frame was malformed. Do not retry. */
    INVALID_ARGUMENT(3),
    /** The deadline passed first. The method may have run: retry only idempotent methods. */
    DEADLINE_EXCEEDED(4),
    /** The server exports no such service or method. Check the address and the interface versions. */
    NOT_FOUND(5),
    /** Reserved for credentials. */
    PERMISSION_DENIED(7),
    /** The server's queue is full, or a frame exceeded a size limit. Back off, or send less. */
    RESOURCE_EXHAUSTED(8),
    /** Reserved. */
    FAILED_PRECONDITION(9),
    /** The peer does not accept this protocol version, serialization format or call. Align both sides. */
    UNIMPLEMENTED(12),
    /** A broken invariant on the peer, such as a result it could not serialize. Do not retry blindly. */
    INTERNAL(13),
    /** No connection, the connection was lost, or the server is shutting down. Retry, preferably elsewhere. */
    UNAVAILABLE(14),
    /** Reserved for credentials. */
    UNAUTHENTICATED(16),
    /** The service's own code threw an exception. */
    APPLICATION_ERROR(32);

    private static final RpcStatus[] BY_CODE = new RpcStatus[256];

    static {
        for (int i = 0; i < BY_CODE.length; i++) {
            BY_CODE[i] = UNKNOWN;
        }
        for (RpcStatus status : values()) {
            BY_CODE[status.code] = status;
        }
    }

    private final int code;

    RpcStatus(int code) {
        this.code = code;
    }

    /** Returns the value written on the wire, from 0 to 255. */
    public int code() {
        return code;
    }

    /**
     * Returns the status for a wire value.
     * @param code the unsigned byte read from a frame
     * @return the matching status, or {@link #UNKNOWN} if none matches
     */
    public static RpcStatus fromCode(int code) {
        return (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : UNKNOWN;
    }
}
