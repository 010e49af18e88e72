package dev.rpc.core.internal.codec;

import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.RpcStatus;

/**
 * A frame without a body: ACK, PING, PONG or GOAWAY.
 *
 * @param type the frame type
 * @param requestId the call an ACK answers, the PING a PONG answers, or, for GOAWAY, the last accepted call
 * @param flags the frame flags
 * @param status for GOAWAY, why; {@link RpcStatus#OK} otherwise
 * @param message for GOAWAY, the reason in words; empty otherwise
 */
public record ControlFrame(FrameType type, long requestId, int flags, RpcStatus status, String message)
        implements Frame {
}
