package dev.rpc.core.protocol;

/** The kinds of frame, sent as one byte at offset 3 of every frame. See {@code docs/PROTOCOL.md}. */
public enum FrameType {

    /** A call, client to server. */
    REQUEST(1),
    /** The answer to a call: status, then the result or the error. */
    RESPONSE(2),
    /** The callback mode's answer: the method ran and returned normally. */
    ACK(3),
    /** Liveness probe. */
    PING(4),
    /** Answer to a {@link #PING}, carrying its request id. */
    PONG(5),
    /** The server starts no new calls on this connection. */
    GOAWAY(6),
    /**
     * The client gave up a call, client to server: a server that has not started it drops it, one that has lets the
     * method see it. Sent only to servers that set {@link Protocol#FLAG_CANCEL_SUPPORTED}.
     */
    CANCEL(7);

    private static final FrameType[] BY_CODE = new FrameType[8];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** Returns the wire value. */
    public int code() {
        return code;
    }

    /** Returns the type for a wire value, or {@code null} if the value names no type. */
    public static FrameType fromCode(int code) {
        return (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : null;
    }
}
