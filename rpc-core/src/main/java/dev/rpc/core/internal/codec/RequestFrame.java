package dev.rpc.core.internal.codec;

import java.util.Map;

import io.netty.buffer.ByteBuf;

/**
 * A REQUEST frame: which method to call, with what deadline and metadata, and the still-encoded arguments.
 *
 * <p>The body is a retained slice of the inbound buffer; the consumer owns it and must {@link #release()}
 * the frame exactly once.
 *
 * @param requestId the client's id for the call
 * @param flags the frame flags, see {@link dev.rpc.core.protocol.Protocol#FLAG_CALLBACK}
 * @param format the serialization format id of the body
 * @param serviceId FNV-1a hash of the service name
 * @param methodId FNV-1a hash of the method signature
 * @param argumentCount how many arguments the body holds
 * @param timeoutMicros time the caller had left when it wrote the frame; 0 means no deadline
 * @param metadata free-form key/value pairs, never {@code null}
 * @param body the encoded arguments
 */
public record RequestFrame(long requestId, int flags, int format, int serviceId, int methodId, int argumentCount,
        long timeoutMicros, Map<String, String> metadata, ByteBuf body) implements Frame {

    /** Returns whether the caller asked for an ACK rather than the result. */
    public boolean isCallback() {
        return (flags & dev.rpc.core.protocol.Protocol.FLAG_CALLBACK) != 0;
    }

    /** Releases the body. */
    public void release() {
        body.release();
    }
}
