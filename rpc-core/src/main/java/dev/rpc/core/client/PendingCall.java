package dev.rpc.core.client;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A call between being sent and being answered. Its fields other than {@link #result} are confined to the
 * peer's event loop. It ends exactly once: with its result, an error, or its timeout.
 */
final class PendingCall {

    final long requestId;

    final ClientMethod method;

    final Object[] arguments;

    final long deadlineNanos;

    final CompletableFuture<Object> result = new CompletableFuture<>();

    /** The encoded frame until it is written; then {@code null}. */
    ByteBuf frame;

    /** The channel the frame was written to, or {@code null} while not sent. */
    Channel channel;

    ScheduledFuture<?> timeout;

    PendingCall(long requestId, ClientMethod method, Object[] arguments, ByteBuf frame, long deadlineNanos) {
        this.requestId = requestId;
        this.method = method;
        this.arguments = arguments;
        this.frame = frame;
        this.deadlineNanos = deadlineNanos;
    }

    boolean isDone() {
        return result.isDone();
    }

    void succeed(Object value) {
        cancelTimeout();
        result.complete(value);
    }

    void fail(Throwable failure) {
        cancelTimeout();
        releaseFrame();
        result.completeExceptionally(failure);
    }

    void fail(RpcStatus status, String message, ExecutionState state) {
        fail(method.failure(status, message, state, null));
    }

    /** Whether the frame was written to a connection; read on the event loop, or once {@link #result} completed. */
    boolean wasSent() {
        return channel != null;
    }

    /** Whether the method may have run if the call fails now. */
    ExecutionState stateIfLost() {
        return channel == null ? ExecutionState.NOT_EXECUTED : ExecutionState.UNKNOWN;
    }

    void releaseFrame() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    /** Returns the callback-mode view of this call. */
    CallbackCall asCallbackCall(InetSocketAddress address) {
        return new CallbackCall(method.descriptor(), arguments, requestId, address);
    }
}
