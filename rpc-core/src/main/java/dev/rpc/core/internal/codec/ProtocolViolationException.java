package dev.rpc.core.internal.codec;

import dev.rpc.core.protocol.RpcStatus;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * The byte stream broke the protocol (wrong magic, unknown frame type, unsupported version, a frame
 * that stalled): the connection cannot be trusted to stay in step and is closed after a GOAWAY.
 */
public final class ProtocolViolationException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    /** Request id value meaning "could not be read". */
    public static final long UNKNOWN_REQUEST_ID = -1;

    private final RpcStatus status;

    private final long requestId;

    /**
     * Creates the exception.
     * @param status the status to report in the GOAWAY
     * @param requestId the offending frame's request id, or {@link #UNKNOWN_REQUEST_ID}
     * @param message what was wrong
     */
    public ProtocolViolationException(RpcStatus status, long requestId, String message) {
        super(message);
        this.status = status;
        this.requestId = requestId;
    }

    /** Returns the status to report. */
    public RpcStatus status() {
        return status;
    }

    /** Returns the offending frame's request id, or {@link #UNKNOWN_REQUEST_ID}. */
    public long requestId() {
        return requestId;
    }
}
