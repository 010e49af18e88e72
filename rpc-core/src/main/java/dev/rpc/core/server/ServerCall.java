package dev.rpc.core.server;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.rpc.core.context.CallContext;
import dev.rpc.core.context.Cancellation;
import dev.rpc.core.context.Deadline;
import dev.rpc.core.internal.codec.FrameBuffer.FrameTooLargeException;
import dev.rpc.core.internal.codec.FrameBuffer;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.internal.codec.RequestFrame;
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
 * One accepted call: passes it through the server's interceptors, decodes the arguments, runs the method and
 * sends exactly one answer, unless the caller cancelled it before it started. Runs on the server executor (or on
 * the event loop for the direct executor). Without interceptors it goes straight from the arguments to the method.
 *
 * <p>What a caller can cause never floods the log: arguments it got wrong are logged at DEBUG, and the
 * server-side failures it can trigger at will (a method that throws what it does not declare, a result that
 * cannot be encoded) at WARN at most once per {@link ServerMethod#warnings() interval} and method, else at DEBUG.
 * Answers carry short messages of this class's own; Jackson's words stay in the server log.
 */
final class ServerCall implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(ServerCall.class);

    private static final AtomicIntegerFieldUpdater<ServerCall> BODY_RELEASED =
            AtomicIntegerFieldUpdater.newUpdater(ServerCall.class, "bodyReleased");

    private final ServerConnection connection;

    private final ServerMethod method;

    private final MethodSerializer serializer;

    private final RequestFrame request;

    private final Deadline deadline;

    private final Cancellation cancellation = new Cancellation();

    private final List<ServerInterceptor> interceptors;

    /** Whether the service method was entered: decides whether a failure is answered EXECUTED. */
    private volatile boolean invoked;

    private volatile int bodyReleased;

    /** The thread running the method, while it runs; guarded by {@code this}. */
    private Thread runner;

    ServerCall(ServerConnection connection, ServerMethod method, MethodSerializer serializer, RequestFrame request,
            Deadline deadline, List<ServerInterceptor> interceptors) {
        this.connection = connection;
        this.method = method;
        this.serializer = serializer;
        this.request = request;
        this.deadline = deadline;
        this.interceptors = interceptors;
    }

    long requestId() {
        return request.requestId();
    }

    @Override
    public void run() {
        if (cancellation.isCancelled()) {
            releaseBody();
            connection.callFinished(); // the caller gave it up: no answer is owed
            return;
        }
        if (deadline != null && deadline.isExpired()) {
            releaseBody();
            connection.refused(RefusalReason.DEADLINE_PASSED);
            sendError(RpcStatus.DEADLINE_EXCEEDED, "the caller's deadline passed before the call started; not executed",
                    false);
            return;
        }
        ServerCallContext context = new ServerCallContext(method.descriptor(), request.requestId(), request.isCallback(),
                request.metadata(), deadline, connection.remoteAddress(), connection::peerCertificates, cancellation);
        if (interceptors.isEmpty()) {
            runMethod(context);
            return;
        }
        CompletableFuture<Object> outcome;
        try {
            outcome = new Chain(0).proceed(context);
        }
        catch (RuntimeException ex) {
            outcome = CompletableFuture.failedFuture(ex);
        }
        outcome.whenComplete((value, failure) -> {
            releaseBody();
            if (failure == null) {
                sendResult(value);
            }
            else {
                sendThrown(unwrap(failure));
            }
        });
    }

    /** Without interceptors: parses the arguments, runs the method and answers, with no stage in between. */
    private void runMethod(ServerCallContext context) {
        Object[] arguments = readArguments();
        if (arguments == null) {
            return;
        }
        Object result;
        try {
            result = invoke(context, arguments);
        }
        catch (Throwable ex) {
            sendThrown(ex);
            return;
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

    /** Returns the arguments, or {@code null} after answering INVALID_ARGUMENT. Releases the body either way. */
    private Object[] readArguments() {
        try {
            return serializer.readArguments(request.body());
        }
        catch (SerializationException ex) {
            logger.debug("Refusing request {} from {}: {}", request.requestId(), connection.remoteAddress(),
                    ex.getMessage(), ex.getCause());
            sendError(RpcStatus.INVALID_ARGUMENT, ex.getMessage(), false);
            return null;
        }
        finally {
            releaseBody();
        }
    }

    /** Runs the method with the call's contexts current, so that calls it makes inherit its deadline and cancellation. */
    private Object invoke(ServerCallContext context, Object[] arguments) throws Throwable {
        ServerCallContext previousServer = ServerCallContext.attach(context);
        CallContext previousCall = context.callContext().attach();
        boolean interruptible = connection.interruptOnCancel();
        if (interruptible) {
            synchronized (this) {
                runner = Thread.currentThread();
            }
        }
        invoked = true;
        try {
            return method.invoke(arguments);
        }
        finally {
            if (interruptible) {
                synchronized (this) {
                    runner = null;
                }
            }
            CallContext.ROOT.detach(previousCall);
            ServerCallContext.restore(previousServer);
        }
    }

    /**
     * The caller gave the call up: one not started yet is dropped without an answer, a running one sees
     * {@link ServerCallContext#isCancelled()} (and is interrupted if the server is configured so), and calls it made
     * under its context are cancelled too. Thread-safe.
     */
    void cancel(boolean interrupt) {
        cancellation.cancel();
        if (interrupt) {
            synchronized (this) {
                if (runner != null) {
                    runner.interrupt();
                }
            }
        }
    }

    private void releaseBody() {
        if (BODY_RELEASED.compareAndSet(this, 0, 1)) {
            request.release();
        }
    }

    /** The interceptors from {@code index} on, then the method. */
    private final class Chain implements ServerInterceptor.Next {

        private final int index;

        Chain(int index) {
            this.index = index;
        }

        @Override
        public CompletableFuture<Object> proceed(ServerCallContext context) {
            if (index == interceptors.size()) {
                return proceedToMethod(context);
            }
            ServerInterceptor interceptor = interceptors.get(index);
            try {
                CompletableFuture<Object> outcome = interceptor.intercept(context, new Chain(index + 1));
                return outcome != null ? outcome : CompletableFuture.failedFuture(new RpcException(RpcStatus.INTERNAL,
                        "server interceptor " + interceptor.getClass().getName() + " returned null"));
            }
            catch (RpcException ex) {
                return CompletableFuture.failedFuture(ex);
            }
            catch (RuntimeException ex) {
                logger.warn("Server interceptor {} failed on {} (request {})", interceptor.getClass().getName(),
                        method.descriptor(), request.requestId(), ex);
                return CompletableFuture.failedFuture(new RpcException(RpcStatus.INTERNAL, "a server interceptor failed ("
                        + interceptor.getClass().getName() + "; the server log has the details)"));
            }
        }

        @SuppressWarnings("unchecked")
        private CompletableFuture<Object> proceedToMethod(ServerCallContext context) {
            Object[] arguments;
            try {
                arguments = serializer.readArguments(request.body());
            }
            catch (SerializationException ex) {
                logger.debug("Refusing request {} from {}: {}", request.requestId(), connection.remoteAddress(),
                        ex.getMessage(), ex.getCause());
                return CompletableFuture.failedFuture(new RpcException(RpcStatus.INVALID_ARGUMENT, ex.getMessage()));
            }
            finally {
                releaseBody();
            }
            try {
                Object result = invoke(context, arguments);
                if (!method.descriptor().futureResult()) {
                    return CompletableFuture.completedFuture(result);
                }
                return result != null ? (CompletableFuture<Object>) result : CompletableFuture.failedFuture(
                        new RpcException(RpcStatus.INTERNAL, method.descriptor() + " returned null instead of a CompletableFuture"));
            }
            catch (Throwable ex) {
                return CompletableFuture.failedFuture(ex);
            }
        }
    }

    /** Answers without running the method: the executor refused the call. */
    void reject(RpcStatus status, String message) {
        releaseBody();
        sendError(status, message, false);
    }

    private void sendResult(Object value) {
        ByteBufAllocator alloc = connection.alloc();
        if (request.isCallback()) {
            send(FrameWriter.control(alloc, FrameType.ACK, request.requestId(), Protocol.FLAG_EXECUTED));
            return;
        }
        ByteBuf answer;
        try (FrameBuffer frame = FrameBuffer.begin(alloc, method.responseSize(), FrameType.RESPONSE,
                Protocol.FLAG_EXECUTED, request.format(), request.requestId())) {
            FrameWriter.writeResponseHeader(frame.out(), RpcStatus.OK, "", "", Protocol.NO_DECLARED_EXCEPTION);
            frame.endHeader();
            serializer.writeResult(value, frame.out());
            answer = frame.finish(connection.maxFrameSize());
        }
        catch (FrameTooLargeException ex) {
            sendError(RpcStatus.RESOURCE_EXHAUSTED, "the result of " + ex.length() + " bytes exceeds the limit of "
                    + ex.limit() + " bytes; the method ran", true);
            return;
        }
        catch (SerializationException ex) {
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
        send(answer);
    }

    private void sendThrown(Throwable thrown) {
        if (thrown instanceof RpcException rpc) {
            sendError(rpc.status(), rpc.description(), invoked);
            return;
        }
        int declared = method.descriptor().declaredExceptionIndex(thrown);
        if (declared >= 0) {
            try (FrameBuffer frame = FrameBuffer.begin(connection.alloc(), null, FrameType.RESPONSE,
                    Protocol.FLAG_EXECUTED, request.format(), request.requestId())) {
                FrameWriter.writeResponseHeader(frame.out(), RpcStatus.APPLICATION_ERROR, thrown.getMessage(),
                        thrown.getClass().getName(), declared);
                frame.endHeader();
                serializer.writeException(declared, thrown, frame.out());
                send(frame.finish(connection.maxFrameSize()));
                return;
            }
            catch (SerializationException | FrameTooLargeException ex) {
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
        try (FrameBuffer frame = FrameBuffer.begin(connection.alloc(), null, FrameType.RESPONSE, Protocol.FLAG_EXECUTED,
                Protocol.FORMAT_NONE, request.requestId())) {
            FrameWriter.writeResponseHeader(frame.out(), RpcStatus.APPLICATION_ERROR, String.valueOf(thrown.getMessage()),
                    thrown.getClass().getName(), Protocol.NO_DECLARED_EXCEPTION);
            frame.endHeader();
            send(frame.finish(connection.maxFrameSize()));
        }
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
