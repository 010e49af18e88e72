package dev.rpc.core.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.rpc.core.codec.FrameWriter;
import dev.rpc.core.codec.RequestFrame;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.MethodSerializer;
import dev.rpc.core.serialization.SerializationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted call: decodes the arguments, runs the method and sends exactly one answer. Runs on the
 * server executor (or on the event loop for the direct executor).
 *
 * <p>What a caller can cause never floods the log: arguments it got wrong are logged at DEBUG, and the
 * server-side failures it can trigger at will (a method that throws what it does not declare, a result that
 * cannot be encoded) at WARN at most once per {@link ServerMethod#warnings() interval} and method, else at DEBUG.
 * Answers carry short messages of this class's own; Jackson's words stay in the server log.
 */
final class ServerCall implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(ServerCall.class);

    private final ServerConnection connection;

    private final ServerMethod method;

    private final MethodSerializer serializer;

    private final RequestFrame request;

    private final long deadlineNanos;

    ServerCall(ServerConnection connection, ServerMethod method, MethodSerializer serializer, RequestFrame request,
            long deadlineNanos) {
        this.connection = connection;
        this.method = method;
        this.serializer = serializer;
        this.request = request;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
        Object[] arguments;
        try {
            if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
                sendError(RpcStatus.DEADLINE_EXCEEDED, "the caller's deadline passed before the call started; not executed",
                        false);
                return;
            }
            arguments = serializer.readArguments(request.body());
        }
        catch (SerializationException ex) {
            logger.debug("Refusing request {} from {}: {}", request.requestId(), connection.remoteAddress(),
                    ex.getMessage(), ex.getCause());
            sendError(RpcStatus.INVALID_ARGUMENT, ex.getMessage(), false);
            return;
        }
        finally {
            request.release();
        }
        Object result;
        ServerCallContext.set(new ServerCallContext(request.requestId(), request.metadata(), deadlineNanos,
                connection.remoteAddress()));
        try {
            result = method.invoke(arguments);
        }
        catch (Throwable ex) {
            sendThrown(ex);
            return;
        }
        finally {
            ServerCallContext.clear();
        }
        if (!method.descriptor().futureResult()) {
            sendResult(result);
        }
        else if (result == null) {
            sendError(RpcStatus.INTERNAL, method.descriptor() + " returned null instead of a CompletableFuture", true);
        }
        else {
            ((CompletableFuture<?>) result).whenComplete((value, failure) -> {
                if (failure == null) {
                    sendResult(value);
                }
                else {
                    sendThrown(unwrap(failure));
                }
            });
        }
    }

    /** Answers without running the method: the executor refused the call. */
    void reject(RpcStatus status, String message) {
        request.release();
        sendError(status, message, false);
    }

    private void sendResult(Object value) {
        ByteBufAllocator alloc = connection.alloc();
        if (request.isCallback()) {
            send(FrameWriter.control(alloc, FrameType.ACK, request.requestId(), Protocol.FLAG_EXECUTED));
            return;
        }
        ByteBuf out = alloc.buffer(method.responseSize().next());
        try {
            int start = FrameWriter.beginFrame(out, FrameType.RESPONSE, Protocol.FLAG_EXECUTED, request.format(),
                    request.requestId());
            FrameWriter.writeResponseHeader(out, RpcStatus.OK, "", "", Protocol.NO_DECLARED_EXCEPTION);
            FrameWriter.endHeader(out, start);
            serializer.writeResult(value, out);
            int length = FrameWriter.endFrame(out, start);
            method.responseSize().record(length);
            if (length > connection.maxFrameSize()) {
                out.release();
                sendError(RpcStatus.RESOURCE_EXHAUSTED, "the result of " + length + " bytes exceeds the limit of "
                        + connection.maxFrameSize() + " bytes; the method ran", true);
                return;
            }
        }
        catch (SerializationException ex) {
            out.release();
            long suppressed = method.warnings().tryAcquire();
            if (suppressed >= 0) {
                logger.warn("Cannot encode the result of {} (request {}; {} similar warnings suppressed before)",
                        method.descriptor(), request.requestId(), suppressed, ex);
            }
            else {
                logger.debug("Cannot encode the result of {} (request {})", method.descriptor(), request.requestId(), ex);
            }
            sendError(RpcStatus.INTERNAL, "cannot encode the result of " + method.descriptor()
                    + "; the method ran (the server log has the details)", true);
            return;
        }
        send(out);
    }

    private void sendThrown(Throwable thrown) {
        if (thrown instanceof RpcException rpc) {
            sendError(rpc.status(), rpc.description(), true);
            return;
        }
        int declared = method.descriptor().declaredExceptionIndex(thrown);
        if (declared >= 0) {
            ByteBuf out = connection.alloc().buffer();
            try {
                int start = FrameWriter.beginFrame(out, FrameType.RESPONSE, Protocol.FLAG_EXECUTED, request.format(),
                        request.requestId());
                FrameWriter.writeResponseHeader(out, RpcStatus.APPLICATION_ERROR, thrown.getMessage(),
                        thrown.getClass().getName(), declared);
                FrameWriter.endHeader(out, start);
                serializer.writeException(declared, thrown, out);
                FrameWriter.endFrame(out, start);
                send(out);
                return;
            }
            catch (SerializationException ex) {
                out.release();
                logger.debug("Cannot encode declared {} of {}; sending it as text", thrown.getClass().getName(),
                        method.descriptor(), ex);
            }
        }
        else {
            long suppressed = method.warnings().tryAcquire();
            if (suppressed >= 0) {
                logger.warn("{} threw an exception it does not declare (request {}; {} similar warnings suppressed "
                        + "before)", method.descriptor(), request.requestId(), suppressed, thrown);
            }
            else {
                logger.debug("{} threw an exception it does not declare (request {})", method.descriptor(),
                        request.requestId(), thrown);
            }
        }
        ByteBuf out = connection.alloc().buffer();
        int start = FrameWriter.beginFrame(out, FrameType.RESPONSE, Protocol.FLAG_EXECUTED, Protocol.FORMAT_NONE,
                request.requestId());
        FrameWriter.writeResponseHeader(out, RpcStatus.APPLICATION_ERROR, String.valueOf(thrown.getMessage()),
                thrown.getClass().getName(), Protocol.NO_DECLARED_EXCEPTION);
        FrameWriter.endHeader(out, start);
        FrameWriter.endFrame(out, start);
        send(out);
    }

    private void sendError(RpcStatus status, String message, boolean executed) {
        send(FrameWriter.errorResponse(connection.alloc(), request.requestId(), status, message, executed));
    }

    private void send(ByteBuf frame) {
        connection.send(frame);
        connection.callFinished();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
