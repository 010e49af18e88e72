package dev.rpc.core.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.internal.Settings;
import dev.rpc.core.internal.codec.ControlFrame;
import dev.rpc.core.internal.codec.FrameDecoder;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.internal.codec.RejectedFrame;
import dev.rpc.core.internal.codec.ResponseFrame;
import dev.rpc.core.internal.transport.ByteCountingHandler;
import dev.rpc.core.internal.transport.ByteCounts;
import dev.rpc.core.internal.transport.EventLoops;
import dev.rpc.core.internal.transport.OutboundBatcher;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.transport.tls.TlsSupport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.concurrent.FastThreadLocal;
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
 *
 * <p>Its parts: {@link ConnectionAttempts} (back-off and health), {@link ClientConnectionHandler} (the open
 * channel's frames, heartbeat and end), and {@link ClientMethod}, which encodes requests and decodes answers.
 */
final class ClientConnection {

    private static final Logger logger = LoggerFactory.getLogger(ClientConnection.class);

    private static final AttributeKey<Boolean> DRAINING = AttributeKey.valueOf(ClientConnection.class, "draining");


    /** The connection whose answer the current I/O thread is handing out, while its callbacks run. */
    private static final FastThreadLocal<ClientConnection> READING = new FastThreadLocal<>();

    private final InetSocketAddress address;

    /** What the channel connects to: the address, or its in-JVM port. */
    private final SocketAddress remoteAddress;

    private final RpcClientOptions options;

    private final EventLoop eventLoop;

    private final Bootstrap bootstrap;

    private final OutboundBatcher<PendingCall> outbound;

    /** Only worth its cost when an endpoint has several connections to choose from. */
    private final boolean trackReading;

    private final LongObjectHashMap<PendingCall> pending = new LongObjectHashMap<>();

    private final List<PendingCall> awaitingConnection = new ArrayList<>();

    private final ConnectionAttempts attempts;

    private Channel channel;

    private ChannelFuture connecting;

    private boolean closed;

    ClientConnection(InetSocketAddress address, RpcClientOptions options, EventLoop eventLoop, EventLoops loops,
            ByteCounts bytes) {
        this.address = address;
        this.options = options;
        this.eventLoop = eventLoop;
        this.attempts = new ConnectionAttempts(address, options);
        this.trackReading = options.connectionsPerAddress() > 1;
        this.outbound = new OutboundBatcher<>(eventLoop, this::dispatch, this::flush,
                call -> call.fail(RpcStatus.UNAVAILABLE, "client is closed", ExecutionState.NOT_EXECUTED));
        this.remoteAddress = loops.remoteAddress(address);
        this.bootstrap = loops.clientBootstrap()
                .group(eventLoop)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Settings.waterMarks(options.writeBufferHighWaterMark()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(options.pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                new ByteCountingHandler(bytes),
                                new FrameDecoder(options.maxFrameSize(), options.maxHeaderSize(),
                                        options.frameTimeout().toMillis()),
                                new ClientConnectionHandler(ClientConnection.this));
                        TlsSupport.configureClient(ch, options.tls(), address, options.connectTimeout());
                    }
                });
    }

    RpcClientOptions options() {
        return options;
    }

    InetSocketAddress address() {
        return address;
    }

    EventLoop eventLoop() {
        return eventLoop;
    }

    /** Returns what the last connection attempt said; thread-safe. */
    ConnectionHealth health() {
        return attempts.health();
    }

    /**
     * Returns the connection whose answer this thread is completing, so that a call made from that answer's
     * callback can go out on the same connection, in the same flush; {@code null} outside such a callback
     * or with one connection per address.
     */
    static ClientConnection answering() {
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
        else if (attempts.backingOff()) {
            call.fail(RpcStatus.UNAVAILABLE, attempts.failureMessage(), ExecutionState.NOT_EXECUTED);
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
        connecting = TlsSupport.whenReady(bootstrap.connect(remoteAddress));
        connecting.addListener((ChannelFuture attempt) -> {
            connecting = null;
            if (attempt.isSuccess() && !closed) {
                channel = attempt.channel();
                attempts.succeeded();
                for (PendingCall waiting : awaitingConnection) {
                    if (!waiting.isDone()) {
                        write(waiting);
                    }
                }
                awaitingConnection.clear();
                if (!ClientConnectionHandler.cancelSupported(channel)) {
                    // the PONG tells whether the server knows CANCEL before any call needs it (over TLS, the PING that
                    // confirmed the handshake told it already)
                    channel.write(FrameWriter.control(channel.alloc(), FrameType.PING, 0, 0), channel.voidPromise());
                }
                channel.flush(); // the calls that waited for the connection, and the PING
                logger.debug("Connected to {}", describe(address));
            }
            else {
                if (attempt.isSuccess()) {
                    attempt.channel().close();
                }
                attempts.failed(attempt.cause());
                String message = attempts.failureMessage();
                for (PendingCall waiting : awaitingConnection) {
                    waiting.fail(RpcStatus.UNAVAILABLE, message, ExecutionState.NOT_EXECUTED);
                }
                awaitingConnection.clear();
                logger.debug("Cannot connect to {}: {}", address, message);
            }
        });
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
        if (sentOn != null && sentOn.isActive() && ClientConnectionHandler.cancelSupported(sentOn)) {
            sentOn.writeAndFlush(FrameWriter.control(sentOn.alloc(), FrameType.CANCEL, call.requestId, 0),
                    sentOn.voidPromise());
        }
    }

    /** Completes the call an answer is for; on the event loop, with the answering connection known to callbacks. */
    void onResponse(ResponseFrame response) {
        if (!trackReading) {
            complete(response);
            return;
        }
        READING.set(this);
        try {
            complete(response);
        }
        finally {
            READING.set(null);
        }
    }

    private void complete(ResponseFrame response) {
        PendingCall call = pending.remove(response.requestId());
        if (call == null) {
            response.release();
            logger.debug("Dropping the answer to request {} from {}: the call already ended (timed out)",
                    response.requestId(), address);
            return;
        }
        closeIfDrained(call.channel);
        try {
            call.method.answer(call, response);
        }
        finally {
            response.release();
        }
    }

    void onAck(long requestId) {
        PendingCall call = pending.remove(requestId);
        if (call != null) {
            closeIfDrained(call.channel);
            call.succeed(null);
        }
    }

    void onRejected(RejectedFrame rejected) {
        if (rejected.type() != FrameType.RESPONSE) {
            return;
        }
        PendingCall call = pending.remove(rejected.requestId());
        if (call != null) {
            call.fail(RpcStatus.RESOURCE_EXHAUSTED, "the answer was refused: " + rejected.message(), ExecutionState.UNKNOWN);
        }
    }

    void onGoAway(Channel from, ControlFrame goAway) {
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

    void onClosed(Channel closedChannel, String reason) {
        if (channel == closedChannel || closedChannel.attr(DRAINING).get() != null) {
            attempts.health().disconnected(); // a channel that was connected: the current one, or one left to drain
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
}
