package dev.rpc.core.client;

import java.util.Map;

import dev.rpc.core.codec.FrameWriter;
import dev.rpc.core.internal.BufferSizeHint;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.MethodSerializer;
import dev.rpc.core.serialization.SerializationException;
import dev.rpc.core.service.MethodDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Everything a proxy needs to call one method, resolved when the proxy is created: descriptor, serializer,
 * call mode, timeout, metadata and callback listener.
 */
final class ClientMethod {

    private final MethodDescriptor descriptor;

    private final MethodSerializer serializer;

    private final int format;

    private final CallMode mode;

    private final long timeoutNanos;

    private final Map<String, String> metadata;

    private final CallbackListener callbackListener;

    private final int maxFrameSize;

    private final boolean idempotent;

    private final BufferSizeHint requestSize = new BufferSizeHint();

    ClientMethod(MethodDescriptor descriptor, MethodSerializer serializer, int format, CallMode mode, long timeoutNanos,
            Map<String, String> metadata, CallbackListener callbackListener, int maxFrameSize, boolean idempotent) {
        this.descriptor = descriptor;
        this.serializer = serializer;
        this.format = format;
        this.mode = mode;
        this.timeoutNanos = timeoutNanos;
        this.metadata = metadata;
        this.callbackListener = callbackListener;
        this.maxFrameSize = maxFrameSize;
        this.idempotent = idempotent;
    }

    /** Returns whether a call that may have run can still be retried elsewhere. */
    boolean idempotent() {
        return idempotent;
    }

    MethodDescriptor descriptor() {
        return descriptor;
    }

    MethodSerializer serializer() {
        return serializer;
    }

    CallMode mode() {
        return mode;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    CallbackListener callbackListener() {
        return callbackListener;
    }

    /**
     * Encodes a REQUEST frame on the calling thread.
     * @throws RpcException INVALID_ARGUMENT if an argument cannot be encoded, RESOURCE_EXHAUSTED if the frame is too large
     */
    ByteBuf encode(ByteBufAllocator alloc, long requestId, Object[] arguments) {
        ByteBuf out = alloc.buffer(requestSize.next());
        try {
            int start = FrameWriter.beginFrame(out, FrameType.REQUEST,
                    mode == CallMode.CALLBACK ? Protocol.FLAG_CALLBACK : 0, format, requestId);
            FrameWriter.writeRequestHeader(out, descriptor.service().id(), descriptor.id(), descriptor.parameterCount(),
                    timeoutNanos / 1000, metadata);
            FrameWriter.endHeader(out, start);
            serializer.writeArguments(arguments, out);
            int length = FrameWriter.endFrame(out, start);
            requestSize.record(length);
            if (length > maxFrameSize) {
                throw failure(RpcStatus.RESOURCE_EXHAUSTED, "the request of " + length
                        + " bytes exceeds the limit of " + maxFrameSize + " bytes; not sent", null);
            }
            return out;
        }
        catch (SerializationException ex) {
            out.release();
            throw failure(RpcStatus.INVALID_ARGUMENT, ex.getMessage() + "; not sent", ex);
        }
        catch (RuntimeException ex) {
            out.release();
            throw ex;
        }
    }

    /** Returns an exception about this method. */
    RpcException failure(RpcStatus status, String message, ExecutionState state, Throwable cause) {
        return new RpcException(status, descriptor.service().name(), descriptor.signature(), message, null, state, cause);
    }

    private RpcException failure(RpcStatus status, String message, Throwable cause) {
        return failure(status, message, ExecutionState.NOT_EXECUTED, cause);
    }
}
