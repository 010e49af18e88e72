package dev.rpc.core.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.context.Deadline;
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
final class PendingCall implements OutgoingCall {

    final long requestId;

    final ClientMethod method;

    final Object[] arguments;

    final Deadline deadline;

    /** The time the call was given when it was made, for messages. */
    final long timeoutMillis;

    /** The connection the call was handed to. */
    final ClientConnection peer;

    final CompletableFuture<Object> result = new CallFuture(this);

    /** The encoded frame until it is written; then {@code null}. */
    ByteBuf frame;

    /** The channel the frame was written to, or {@code null} while not sent. */
    Channel channel;

    ScheduledFuture<?> timeout;

    PendingCall(long requestId, ClientMethod method, Object[] arguments, ByteBuf frame, Deadline deadline, ClientConnection peer) {
        this.requestId = requestId;
        this.method = method;
        this.arguments = arguments;
        this.frame = frame;
        this.deadline = deadline;
        this.timeoutMillis = (deadline.timeRemaining(TimeUnit.NANOSECONDS) + 999_999) / 1_000_000;
        this.peer = peer;
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

    void releaseFrame() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    /** Gives the call up: the caller cancelled it, or the call it was made for was cancelled; thread-safe. */
    @Override
    public void abandon() {
        peer.cancel(this);
    }

    void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public CallbackCall asCallbackCall() {
        return new CallbackCall(method.descriptor(), arguments, requestId, peer.address());
    }
}
