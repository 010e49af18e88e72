package dev.rpc.core.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.context.CallContext;
import dev.rpc.core.context.Deadline;
import dev.rpc.core.internal.BufferSizeHint;
import dev.rpc.core.internal.codec.FrameBuffer.FrameTooLargeException;
import dev.rpc.core.internal.codec.FrameBuffer;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.internal.codec.ResponseFrame;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a proxy needs to call one method, resolved when the proxy is created: descriptor, serializer,
 * call mode, timeout, metadata, whether it inherits the caller's deadline, and its callback listener. It encodes
 * the method's requests and decodes its answers, so that connections only move frames.
 */
final class ClientMethod {

    private static final Logger logger = LoggerFactory.getLogger(ClientMethod.class);

    private final MethodDescriptor descriptor;

    private final MethodSerializer serializer;

    private final int format;

    private final CallMode mode;

    private final long timeoutNanos;

    private final Map<String, String> metadata;

    private final boolean inheritDeadline;

    private final CallbackListener callbackListener;

    private final int maxFrameSize;

    private final boolean idempotent;

    private final BufferSizeHint requestSize = new BufferSizeHint();

    ClientMethod(MethodDescriptor descriptor, MethodSerializer serializer, CallMode mode, ReferenceOptions reference,
            RpcClientOptions options) {
        this.descriptor = descriptor;
        this.serializer = serializer;
        this.format = options.format().id();
        this.mode = mode;
        this.timeoutNanos = timeoutOf(descriptor, reference, options.defaultTimeout()).toNanos();
        this.metadata = reference.metadata();
        this.inheritDeadline = reference.inheritDeadline();
        this.callbackListener = reference.callbackListener() != null ? reference.callbackListener()
                : options.callbackListener();
        this.maxFrameSize = options.maxFrameSize();
        this.idempotent = descriptor.method().isAnnotationPresent(Idempotent.class)
                || reference.idempotentMethods().contains(descriptor.name())
                || reference.idempotentMethods().contains(descriptor.signature());
    }

    /** Method by signature, then by name, then the reference, then the client's default. */
    static Duration timeoutOf(MethodDescriptor method, ReferenceOptions reference, Duration clientDefault) {
        Duration bySignature = reference.methodTimeouts().get(method.signature());
        if (bySignature != null) {
            return bySignature;
        }
        Duration byName = reference.methodTimeouts().get(method.name());
        if (byName != null) {
            return byName;
        }
        return reference.timeout() != null ? reference.timeout() : clientDefault;
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

    CallbackListener callbackListener() {
        return callbackListener;
    }

    /** Returns the deadline of a call made now: its own timeout, or the caller's deadline if that comes first. */
    Deadline deadline(CallContext context) {
        Deadline own = Deadline.after(timeoutNanos, TimeUnit.NANOSECONDS, Deadline.Ticker.system());
        return inheritDeadline ? own.earliest(context.deadline()) : own;
    }

    /** Returns the metadata of a call made now: the proxy's, then the context's. */
    Map<String, String> metadata(CallContext context) {
        if (context.metadata().isEmpty()) {
            return metadata;
        }
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        merged.putAll(context.metadata());
        return merged;
    }

    /**
     * Encodes a REQUEST frame on the calling thread.
     * @throws RpcException INVALID_ARGUMENT if an argument cannot be encoded, RESOURCE_EXHAUSTED if the frame is too
     *         large, DEADLINE_EXCEEDED if the deadline passed already
     */
    ByteBuf encode(ByteBufAllocator alloc, long requestId, Object[] arguments, Deadline deadline,
            Map<String, String> callMetadata) {
        long timeoutMicros = deadline.timeRemaining(TimeUnit.MICROSECONDS);
        if (timeoutMicros <= 0) {
            throw failure(RpcStatus.DEADLINE_EXCEEDED, "the deadline had passed before the call was made (the caller's "
                    + "own deadline, inherited); not sent", null);
        }
        try (FrameBuffer frame = FrameBuffer.begin(alloc, requestSize, FrameType.REQUEST,
                mode == CallMode.CALLBACK ? Protocol.FLAG_CALLBACK : 0, format, requestId)) {
            FrameWriter.writeRequestHeader(frame.out(), descriptor.service().id(), descriptor.id(),
                    descriptor.parameterCount(), timeoutMicros, callMetadata);
            frame.endHeader();
            serializer.writeArguments(arguments, frame.out());
            return frame.finish(maxFrameSize);
        }
        catch (FrameTooLargeException ex) {
            throw failure(RpcStatus.RESOURCE_EXHAUSTED, "the request of " + ex.length() + " bytes exceeds the limit of "
                    + ex.limit() + " bytes; not sent", null);
        }
        catch (SerializationException ex) {
            throw failure(RpcStatus.INVALID_ARGUMENT, ex.getMessage() + "; not sent", ex);
        }
    }

    /**
     * Completes a call with its answer: the decoded result, the declared exception rebuilt, or an
     * {@link RpcException} with the server's status. Does not release the answer.
     */
    void answer(PendingCall call, ResponseFrame response) {
        try {
            if (response.status() == RpcStatus.OK) {
                call.succeed(serializer.readResult(response.body()));
            }
            else {
                call.fail(failureOf(response));
            }
        }
        catch (SerializationException ex) {
            call.fail(RpcStatus.INTERNAL, ex.getMessage(), response.executed() ? ExecutionState.EXECUTED
                    : ExecutionState.UNKNOWN);
        }
    }

    private Throwable failureOf(ResponseFrame response) {
        ExecutionState state = response.executed() ? ExecutionState.EXECUTED : ExecutionState.NOT_EXECUTED;
        if (response.status() == RpcStatus.APPLICATION_ERROR && response.declaredIndex() != Protocol.NO_DECLARED_EXCEPTION) {
            try {
                return serializer.readException(response.declaredIndex(), response.body());
            }
            catch (SerializationException ex) {
                logger.debug("Cannot decode declared exception {} of {}", response.errorType(), descriptor, ex);
            }
        }
        String remoteType = response.errorType().isEmpty() ? null : response.errorType();
        return RpcException.answered(response.status(), descriptor.service().name(), descriptor.signature(),
                response.message(), remoteType, state);
    }

    /** Returns an exception about this method. */
    RpcException failure(RpcStatus status, String message, ExecutionState state, Throwable cause) {
        return RpcException.ofCall(status, descriptor.service().name(), descriptor.signature(), message, state, cause);
    }

    private RpcException failure(RpcStatus status, String message, Throwable cause) {
        return failure(status, message, ExecutionState.NOT_EXECUTED, cause);
    }
}
