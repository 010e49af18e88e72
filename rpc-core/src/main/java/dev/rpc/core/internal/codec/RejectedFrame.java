package dev.rpc.core.internal.codec;

import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.RpcStatus;

/**
 * A frame that arrived intact but could not be accepted: too large (its bytes were skipped, never
 * buffered) or with a malformed header block. The connection stays usable; the receiver answers or
 * fails the call it belongs to.
 *
 * @param type the frame's type
 * @param requestId the frame's request id
 * @param status {@link RpcStatus#RESOURCE_EXHAUSTED} or {@link RpcStatus#INVALID_ARGUMENT}
 * @param message what was wrong, with the sizes or the field involved, in the decoder's own words: fit to send
 *        to the peer, never quoting a buffer or an exception
 */
public record RejectedFrame(FrameType type, long requestId, RpcStatus status, String message) implements Frame {
}
