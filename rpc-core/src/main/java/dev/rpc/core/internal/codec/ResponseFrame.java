package dev.rpc.core.internal.codec;

import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.buffer.ByteBuf;

/**
 * A RESPONSE frame: the outcome of one call. The body is a retained slice the consumer must
 * {@link #release()} exactly once.
 *
 * @param requestId the id of the call this answers
 * @param flags the frame flags, see {@link Protocol#FLAG_EXECUTED}
 * @param format the serialization format id of the body
 * @param status the outcome
 * @param message the server's message, empty when OK
 * @param errorType for {@link RpcStatus#APPLICATION_ERROR}, the remote exception's class name as text; else empty
 * @param declaredIndex index of the declared exception the body holds, or {@link Protocol#NO_DECLARED_EXCEPTION}
 * @param body the encoded result or exception
 */
public record ResponseFrame(long requestId, int flags, int format, RpcStatus status, String message,
        String errorType, int declaredIndex, ByteBuf body) implements Frame {

    /** Returns whether the server started the method. */
    public boolean executed() {
        return (flags & Protocol.FLAG_EXECUTED) != 0;
    }

    /** Releases the body. */
    public void release() {
        body.release();
    }
}
