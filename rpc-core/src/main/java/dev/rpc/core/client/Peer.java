package dev.rpc.core.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.codec.ControlFrame;
import dev.rpc.core.codec.FrameDecoder;
import dev.rpc.core.codec.FrameWriter;
import dev.rpc.core.codec.ProtocolViolationException;
import dev.rpc.core.codec.RejectedFrame;
import dev.rpc.core.codec.ResponseFrame;
import dev.rpc.core.internal.Settings;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.SerializationException;
import dev.rpc.core.transport.EventLoops;
import dev.rpc.core.transport.OutboundBatcher;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.collection.LongObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multiplexed connection to a server address, shared by every proxy that calls it (an {@link Endpoint}
 * may hold several to the same address), and the calls pending on it, matched to answers by request id.
 *
 * <p>All state lives on one event loop, so it needs no locks: callers hand calls over through an
 * {@link OutboundBatcher}, and connection events, answers and timeouts all run on that loop. The
 * connection is opened on first use and reopened after a loss; a failed attempt starts a backoff during
 * which calls fail fast with UNAVAILABLE naming the address. Each attempt's outcome is published in its
 * {@link ConnectionHealth}, so that load balancing skips an address whose connection is failing and starts
 * the next attempt through {@link #reconnect()} once the backoff has passed.
 */
final class Peer {

    private static final Logger logger = LoggerFactory.getLogger(Peer.class);

    private static final int SILENT_INTERVALS_BEFORE_CLOSE = 3;

    private static final AttributeKey<Boolean> DRAINING = AttributeKey.valueOf(Peer.class, "draining");

    /** Set once the server showed it knows CANCEL frames; a server that does not would close the connection. */
    private static final AttributeKey<Boolean> CANCEL_SUPPORTED = AttributeKey.valueOf(Peer.class, "cancelSupported");

    /** The connection whose answer the current I/O thread is handing out, while its callbacks run. */
    private static final FastThreadLocal<Peer> READING = new FastThreadLocal<>();

    private final InetSocketAddress address;

    private final RpcClientOptions options;

    private final EventLoop eventLoop;

    private final Bootstrap bootstrap;

    private final OutboundBatcher<PendingCall> outbound;

    /** Only worth its cost when an endpoint has several connections to choose from. */
    private final boolean trackReading;

    private final LongObjectHashMap<PendingCall> pending = new LongObjectHashMap<>();

    private final List<PendingCall> awaitingConnection = new ArrayList<>();

    private final ConnectionHealth health = new ConnectionHealth();

    private Channel channel;

    private ChannelFuture connecting;

    private long backoffNanos;

    private long nextAttemptNanos;

    private Throwable lastConnectFailure;

    private boolean closed;

    Peer(InetSocketAddress address, RpcClientOptions options, EventLoop eventLoop, EventLoops loops) {
        this.address = address;
        this.options = options;
        this.eventLoop = eventLoop;
        this.backoffNanos = options.reconnectBackoff().toNanos();
        this.trackReading = options.connectionsPerAddress() > 1;
        this.outbound = new OutboundBatcher<>(eventLoop, this::dispatch, this::flush,
                call -> call.fail(RpcStatus.UNAVAILABLE, "client is closed", ExecutionState.NOT_EXECUTED));
        this.bootstrap = new Bootstrap()
                .group(eventLoop)
                .channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Settings.waterMarks(options.writeBufferHighWaterMark()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(options.pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                new FrameDecoder(options.maxFrameSize(), options.maxHeaderSize(),
                                        options.frameTimeout().toMillis()),
                                new InboundHandler());
                    }
                });
    }

    InetSocketAddress address() {
        return address;
    }

    EventLoop eventLoop() {
        return eventLoop;
    }

    /** Returns what the last connection attempt said; thread-safe. */
    ConnectionHealth health() {
        return health;
    }

    /**
     * Returns the connection whose answer this thread is completing, so that a call made from that answer's
     * callback can go out on the same connection, in the same flush; {@code null} outside such a callback
     * or with one connection per address.
     */
    static Peer answering() {
        return READING.get();
    }

    /** Sends a call; thread-safe. The call ends on the event loop, however it goes. */
    void send(PendingCall call) {
        outbound.submit(call);
    }

    /** Fails every call and closes the connection; thread-safe, returns once done. */
    void close() {
        if (eventLoop.isShuttingDown()) {
            return;
        }
        eventLoop.submit(() -> {
            closed = true;
            outbound.close();
            pending.values().forEach(this::sendCancel); // the server drops or stops what no one waits for
            failAll(RpcStatus.UNAVAILABLE, "client is closed");
            if (channel != null) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }).awaitUninterruptibly(options.connectTimeout().toMillis());
    }

    /**
     * Starts a connection attempt in the background unless a connection is open or being opened, without a
     * call riding on it; for the caller that {@linkplain ConnectionHealth#claimRetry(long) claimed} the retry
     * of a failing connection. Thread-safe, returns at once.
     */
    void reconnect() {
        if (eventLoop.isShuttingDown()) {
            return;
        }
        try {
            eventLoop.execute(() -> {
                if (!closed && channel == null && connecting == null) {
                    connect();
                }
            });
        }
        catch (RejectedExecutionException ex) {
            // the client is closing: nothing left to reconnect
        }
    }

    private void dispatch(PendingCall call) {
        if (call.isDone()) {
            call.releaseFrame();
            return;
        }
        if (closed) {
            call.fail(RpcStatus.UNAVAILABLE, "client is closed", ExecutionState.NOT_EXECUTED);
            return;
        }
        long left = call.deadline.timeRemaining(TimeUnit.NANOSECONDS);
        call.timeout = eventLoop.schedule(() -> onTimeout(call), Math.max(0, left), TimeUnit.NANOSECONDS);
        if (channel != null && !channel.isWritable()) {
            call.fail(RpcStatus.RESOURCE_EXHAUSTED, describe(address) + " is not reading its requests: "
                    + pendingWriteBytes() + " bytes wait to be written, over the limit of "
                    + options.writeBufferHighWaterMark() + " bytes (writeBufferHighWaterMark); not sent",
                    ExecutionState.NOT_EXECUTED);
        }
        else if (channel != null) {
            write(call);
        }
        else if (connecting != null) {
            awaitingConnection.add(call);
        }
        else if (System.nanoTime() - nextAttemptNanos < 0) {
            call.fail(RpcStatus.UNAVAILABLE, connectFailureMessage(), ExecutionState.NOT_EXECUTED);
        }
        else {
            awaitingConnection.add(call);
            connect();
        }
    }

    private void write(PendingCall call) {
        pending.put(call.requestId, call);
        call.channel = channel;
        channel.write(call.frame, channel.voidPromise());
        call.frame = null;
    }

    private long pendingWriteBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    private void flush() {
        if (channel != null) {
            channel.flush();
        }
    }

    private void connect() {
        connecting = bootstrap.connect(address);
        connecting.addListener((ChannelFuture attempt) -> {
            connecting = null;
            if (attempt.isSuccess() && !closed) {
                channel = attempt.channel();
                backoffNanos = options.reconnectBackoff().toNanos();
                lastConnectFailure = null;
                health.connected();
                for (PendingCall waiting : awaitingConnection) {
                    if (!waiting.isDone()) {
                        write(waiting);
                    }
                }
                awaitingConnection.clear();
                // the PONG tells whether the server knows CANCEL, before any call needs it
                channel.writeAndFlush(FrameWriter.control(channel.alloc(), FrameType.PING, 0, 0), channel.voidPromise());
                logger.debug("Connected to {}", describe(address));
            }
            else {
                if (attempt.isSuccess()) {
                    attempt.channel().close();
                }
                lastConnectFailure = attempt.cause();
                nextAttemptNanos = System.nanoTime() + backoffNanos;
                backoffNanos = Math.min(backoffNanos * 2, options.maxReconnectBackoff().toNanos());
                health.failed("cannot connect to " + describe(address) + " (" + failureCause() + ")", nextAttemptNanos);
                String message = connectFailureMessage();
                for (PendingCall waiting : awaitingConnection) {
                    waiting.fail(RpcStatus.UNAVAILABLE, message, ExecutionState.NOT_EXECUTED);
                }
                awaitingConnection.clear();
                logger.debug("Cannot connect to {}: {}", address, message);
            }
        });
    }

    private String failureCause() {
        return lastConnectFailure == null ? "client is closed"
                : lastConnectFailure.getMessage() != null ? lastConnectFailure.getMessage() : lastConnectFailure.toString();
    }

    private String connectFailureMessage() {
        String cause = failureCause();
        long retryMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextAttemptNanos - System.nanoTime()));
        return "cannot connect to " + describe(address) + " (" + cause + "); next attempt in " + retryMillis
                + " ms; not sent";
    }

    private void onTimeout(PendingCall call) {
        call.timeout = null;
        if (pending.remove(call.requestId) == null && !awaitingConnection.remove(call)) {
            return;
        }
        if (call.channel == null) {
            call.fail(RpcStatus.DEADLINE_EXCEEDED, "no connection to " + describe(address) + " within the timeout of "
                    + call.timeoutMillis + " ms; not sent", ExecutionState.NOT_EXECUTED);
        }
        else {
            call.fail(RpcStatus.DEADLINE_EXCEEDED, "no answer from " + describe(address) + " within the timeout of "
                    + call.timeoutMillis + " ms; the method may have run", ExecutionState.UNKNOWN);
            sendCancel(call);
        }
    }

    /**
     * Gives up a call the caller no longer waits for: it no longer counts as pending, and the server is told, so that
     * it drops the call if it has not started it; thread-safe.
     */
    void cancel(PendingCall call) {
        try {
            eventLoop.execute(() -> {
                if (pending.remove(call.requestId) != null) {
                    call.cancelTimeout();
                    sendCancel(call);
                    closeIfDrained(call.channel);
                }
                else if (awaitingConnection.remove(call)) {
                    call.cancelTimeout();
                    call.releaseFrame();
                }
            });
        }
        catch (RejectedExecutionException ex) {
            // the client is closed: its connections are closed, which cancels every call on the server
        }
    }

    private void sendCancel(PendingCall call) {
        Channel sentOn = call.channel;
        if (sentOn != null && sentOn.isActive() && Boolean.TRUE.equals(sentOn.attr(CANCEL_SUPPORTED).get())) {
            sentOn.writeAndFlush(FrameWriter.control(sentOn.alloc(), FrameType.CANCEL, call.requestId, 0),
                    sentOn.voidPromise());
        }
    }

    private void onResponse(ResponseFrame response) {
        PendingCall call = pending.remove(response.requestId());
        if (call == null) {
            response.release();
            logger.debug("Dropping the answer to request {} from {}: the call already ended (timed out)",
                    response.requestId(), address);
            return;
        }
        closeIfDrained(call.channel);
        try {
            if (response.status() == RpcStatus.OK) {
                call.succeed(call.method.serializer().readResult(response.body()));
            }
            else {
                call.fail(toException(call, response));
            }
        }
        catch (SerializationException ex) {
            call.fail(RpcStatus.INTERNAL, ex.getMessage(), response.executed() ? ExecutionState.EXECUTED : ExecutionState.UNKNOWN);
        }
        finally {
            response.release();
        }
    }

    private Throwable toException(PendingCall call, ResponseFrame response) {
        ExecutionState state = response.executed() ? ExecutionState.EXECUTED : ExecutionState.NOT_EXECUTED;
        if (response.status() == RpcStatus.APPLICATION_ERROR && response.declaredIndex() != Protocol.NO_DECLARED_EXCEPTION) {
            try {
                return call.method.serializer().readException(response.declaredIndex(), response.body());
            }
            catch (SerializationException ex) {
                logger.debug("Cannot decode declared exception {} of {}", response.errorType(), call.method.descriptor(), ex);
            }
        }
        String remoteType = response.errorType().isEmpty() ? null : response.errorType();
        return new RpcException(response.status(), call.method.descriptor().service().name(),
                call.method.descriptor().signature(), response.message(), remoteType, state, null);
    }

    private void onAck(long requestId) {
        PendingCall call = pending.remove(requestId);
        if (call != null) {
            closeIfDrained(call.channel);
            call.succeed(null);
        }
    }

    private void onRejected(RejectedFrame rejected) {
        if (rejected.type() != FrameType.RESPONSE) {
            return;
        }
        PendingCall call = pending.remove(rejected.requestId());
        if (call != null) {
            call.fail(RpcStatus.RESOURCE_EXHAUSTED, "the answer was refused: " + rejected.message(), ExecutionState.UNKNOWN);
        }
    }

    private void onGoAway(Channel from, ControlFrame goAway) {
        logger.debug("{} sent GOAWAY ({} {}): new calls go to a new connection", describe(address), goAway.status(),
                goAway.message());
        if (channel == from) {
            channel = null;
        }
        from.attr(DRAINING).set(Boolean.TRUE);
        closeIfDrained(from);
    }

    /** A connection the server asked to drain is closed by the client once its last call is answered. */
    private void closeIfDrained(Channel candidate) {
        if (candidate == null || candidate == channel || candidate.attr(DRAINING).get() == null) {
            return;
        }
        for (PendingCall call : pending.values()) {
            if (call.channel == candidate) {
                return;
            }
        }
        candidate.close();
    }

    private void onClosed(Channel closedChannel, String reason) {
        if (channel == closedChannel || closedChannel.attr(DRAINING).get() != null) {
            health.disconnected(); // a channel that was connected: the current one, or one left to drain
        }
        if (channel == closedChannel) {
            channel = null;
        }
        List<PendingCall> lost = new ArrayList<>();
        for (PendingCall call : pending.values()) {
            if (call.channel == closedChannel) {
                lost.add(call);
            }
        }
        for (PendingCall call : lost) {
            pending.remove(call.requestId);
            call.fail(RpcStatus.UNAVAILABLE, "connection to " + describe(address) + " lost (" + reason
                    + ") before the answer; the method may have run", ExecutionState.UNKNOWN);
        }
    }

    private void failAll(RpcStatus status, String message) {
        List<PendingCall> all = new ArrayList<>(pending.values());
        pending.clear();
        for (PendingCall call : all) {
            call.fail(status, message + "; the method may have run", ExecutionState.UNKNOWN);
        }
        for (PendingCall call : awaitingConnection) {
            call.fail(status, message + "; not sent", ExecutionState.NOT_EXECUTED);
        }
        awaitingConnection.clear();
    }

    static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Routes the frames of one connection to the peer; runs on the peer's event loop. */
    private final class InboundHandler extends ChannelInboundHandlerAdapter {

        private String closeReason = "closed by the server";

        private boolean cancelSupported;

        private static int flagsOf(Object frame) {
            if (frame instanceof ResponseFrame response) {
                return response.flags();
            }
            return frame instanceof ControlFrame control ? control.flags() : 0;
        }

        private int silentIntervals;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            silentIntervals = 0;
            if (!cancelSupported && (flagsOf(msg) & Protocol.FLAG_CANCEL_SUPPORTED) != 0) {
                cancelSupported = true;
                ctx.channel().attr(CANCEL_SUPPORTED).set(Boolean.TRUE);
            }
            if (msg instanceof ResponseFrame response) {
                if (trackReading) {
                    READING.set(Peer.this);
                    try {
                        onResponse(response);
                    }
                    finally {
                        READING.set(null);
                    }
                }
                else {
                    onResponse(response);
                }
            }
            else if (msg instanceof ControlFrame control) {
                switch (control.type()) {
                    case ACK -> onAck(control.requestId());
                    case PING -> ctx.writeAndFlush(FrameWriter.control(ctx.alloc(), FrameType.PONG, control.requestId(), 0));
                    case GOAWAY -> onGoAway(ctx.channel(), control);
                    default -> {
                    }
                }
            }
            else if (msg instanceof RejectedFrame rejected) {
                onRejected(rejected);
            }
            else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                if (++silentIntervals >= SILENT_INTERVALS_BEFORE_CLOSE) {
                    closeReason = "no frame from the server for " + silentIntervals + " ping intervals";
                    ctx.close();
                }
                else {
                    ctx.writeAndFlush(FrameWriter.control(ctx.alloc(), FrameType.PING, 0, 0));
                }
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof ProtocolViolationException violation) {
                closeReason = "protocol violation: " + violation.getMessage();
                logger.warn("Closing connection to {}: {}", address, violation.getMessage());
            }
            else if (cause instanceof IOException) {
                closeReason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                logger.debug("Connection to {} failed: {}", address, cause.toString());
            }
            else {
                closeReason = cause.toString();
                logger.warn("Closing connection to {} after an unexpected error", address, cause);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onClosed(ctx.channel(), closeReason);
        }
    }
}
