package dev.rpc.core.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;

import dev.rpc.core.context.Deadline;
import dev.rpc.core.internal.codec.ControlFrame;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.internal.codec.ProtocolViolationException;
import dev.rpc.core.internal.codec.RejectedFrame;
import dev.rpc.core.internal.codec.RequestFrame;
import dev.rpc.core.internal.codec.ResponseFrame;
import dev.rpc.core.internal.transport.AnswerSpin;
import dev.rpc.core.internal.transport.OutboundBatcher;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.MethodSerializer;
import dev.rpc.core.serialization.SerializationFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one connection: resolves each REQUEST from its header alone, hands it to the
 * executor, and writes answers in batches. Refuses new calls once GOAWAY was sent. Runs on the
 * connection's event loop; {@link #send} may be called from any thread.
 *
 * <p>Flow control: the connection stops being read while its answers waiting to be written exceed the
 * channel's high water mark, and is read again once they drain below the low one, so a peer that never
 * reads holds a bounded amount of the server's memory and nothing is dropped. At most
 * {@link RpcServerOptions#maxConcurrentCallsPerConnection()} of its calls are queued or running; beyond that
 * they are refused, so one connection cannot take every worker. A peer that shuts down its output
 * (half-close) still gets the answers of every call it sent; then the connection closes.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(ServerConnection.class);

    private final RpcServerOptions options;

    private final ServerActivity activity;

    private final ServiceRegistry registry;

    private final Executor executor;

    private ChannelHandlerContext ctx;

    private OutboundBatcher<ByteBuf> outbound;

    private final AtomicInteger callsInFlight = new AtomicInteger();

    private final int maxCallsInFlight;

    private PongWriter pongs;

    /** Calls accepted and not answered yet, by request id, for CANCEL; confined to the event loop. */
    private final LongObjectHashMap<ServerCall> calls = new LongObjectHashMap<>();

    private final List<ServerInterceptor> interceptors;

    private final boolean interruptOnCancel;

    private volatile boolean goingAway;

    private volatile boolean inputShutdown;

    private volatile List<X509Certificate> peerCertificates;

    private long lastRequestId;

    /** Whether this connection's event loop polls for the answers of calls it handed to workers. */
    private final boolean spinForAnswers;

    /** That event loop's count of calls handed off and not answered, taken on the loop at the first hand-off. */
    private AnswerSpin answerSpin;

    ServerConnection(RpcServerOptions options, ServerActivity activity, ServiceRegistry registry, Executor executor) {
        this.options = options;
        this.activity = activity;
        this.registry = registry;
        this.executor = executor;
        this.maxCallsInFlight = options.maxConcurrentCallsPerConnection();
        this.interceptors = options.interceptors();
        this.interruptOnCancel = options.interruptOnCancel();
        this.spinForAnswers = executor != null && !options.spinWait().isZero();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.outbound = new OutboundBatcher<>(ctx.channel().eventLoop(), this::write, ctx::flush,
                ReferenceCountUtil::release);
        this.pongs = new PongWriter(ctx.executor(), this::send);
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    /**
     * Returns the certificate chain the client presented in the TLS handshake, the client's own first; empty for a
     * plaintext connection or a client without a certificate. Read once per connection, on its event loop or after.
     */
    List<X509Certificate> peerCertificates() {
        List<X509Certificate> known = peerCertificates;
        if (known == null) {
            known = readPeerCertificates();
            peerCertificates = known;
        }
        return known;
    }

    private List<X509Certificate> readPeerCertificates() {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : tls.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        }
        catch (SSLPeerUnverifiedException ex) {
            return List.of();
        }
    }

    int maxFrameSize() {
        return options.maxFrameSize();
    }

    /** Queues a complete frame for writing; thread-safe. */
    void send(ByteBuf frame) {
        outbound.submit(frame);
    }

    /**
     * Writes one queued frame, on the event loop. An answer ends its call's entry for CANCEL, and carries
     * {@link Protocol#FLAG_CANCEL_SUPPORTED}, which tells the client it may send CANCEL on this connection.
     */
    private void write(ByteBuf frame) {
        int start = frame.readerIndex();
        int type = frame.getUnsignedByte(start + Protocol.TYPE_OFFSET);
        if (type == FrameType.RESPONSE.code() || type == FrameType.ACK.code()) {
            frame.setByte(start + Protocol.FLAGS_OFFSET,
                    frame.getUnsignedByte(start + Protocol.FLAGS_OFFSET) | Protocol.FLAG_CANCEL_SUPPORTED);
            calls.remove(frame.getLong(start + Protocol.REQUEST_ID_OFFSET));
            if (answerSpin != null) {
                answerSpin.answered();
            }
        }
        ctx.write(frame, ctx.voidPromise());
    }

    /** Returns the bytes of answers written to the channel and not yet sent to the peer; thread-safe. */
    long pendingOutboundBytes() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Counts a call answered without running; thread-safe. */
    void refused(RefusalReason reason) {
        activity.refused(reason);
    }

    /** Returns whether a call's thread is interrupted when its caller cancels it. */
    boolean interruptOnCancel() {
        return interruptOnCancel;
    }

    /** Ends one accepted call, once its answer was queued; thread-safe. */
    void callFinished() {
        activity.callFinished();
        if (callsInFlight.decrementAndGet() == 0 && inputShutdown) {
            try {
                ctx.executor().execute(this::closeOnceAnswered);
            }
            catch (RejectedExecutionException ex) {
                // the server has stopped: the connection is closed already
            }
        }
    }

    /** Sends GOAWAY and refuses calls from now on; thread-safe. */
    void goAway(String reason) {
        ctx.executor().execute(() -> {
            if (!goingAway) {
                goingAway = true;
                ctx.writeAndFlush(FrameWriter.goAway(ctx.alloc(), lastRequestId, RpcStatus.UNAVAILABLE, reason));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RequestFrame request) {
            onRequest(request);
        }
        else if (msg instanceof ControlFrame control) {
            if (control.type() == FrameType.PING) {
                pongs.answer(control.requestId());
            }
            else if (control.type() == FrameType.CANCEL) {
                ServerCall cancelled = calls.remove(control.requestId());
                if (cancelled != null) {
                    cancelled.cancel(interruptOnCancel);
                }
            }
        }
        else if (msg instanceof RejectedFrame rejected) {
            if (rejected.type() == FrameType.REQUEST) {
                activity.callStarted();
                activity.refused(rejected.status() == RpcStatus.RESOURCE_EXHAUSTED ? RefusalReason.FRAME_TOO_LARGE
                        : RefusalReason.INVALID_REQUEST);
                sendError(rejected.requestId(), rejected.status(), rejected.message());
            }
        }
        else if (msg instanceof ResponseFrame response) {
            response.release();
            logger.debug("Ignoring a RESPONSE frame sent by client {}", ctx.channel().remoteAddress());
        }
        else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(RequestFrame request) {
        activity.callStarted();
        lastRequestId = Math.max(lastRequestId, request.requestId());
        if (goingAway) {
            request.release();
            activity.refused(RefusalReason.SHUTTING_DOWN);
            sendError(request.requestId(), RpcStatus.UNAVAILABLE, "server is shutting down; call not executed, retry elsewhere");
            return;
        }
        ServerMethod method = registry.find(request.serviceId(), request.methodId());
        if (method == null) {
            request.release();
            activity.refused(RefusalReason.NOT_FOUND);
            sendError(request.requestId(), RpcStatus.NOT_FOUND, registry.describeMissing(request.serviceId(), request.methodId()));
            return;
        }
        if (request.argumentCount() != method.descriptor().parameterCount()) {
            request.release();
            activity.refused(RefusalReason.INVALID_REQUEST);
            sendError(request.requestId(), RpcStatus.INVALID_ARGUMENT, method.descriptor() + " takes "
                    + method.descriptor().parameterCount() + " arguments, the request has " + request.argumentCount());
            return;
        }
        MethodSerializer serializer = method.serializer(request.format());
        if (serializer == null) {
            request.release();
            activity.refused(RefusalReason.INVALID_REQUEST);
            if (request.format() == Protocol.FORMAT_NONE) {
                sendError(request.requestId(), RpcStatus.INVALID_ARGUMENT, "format 0 means no body, but a REQUEST always "
                        + "has one: its arguments as an array, [] for none; use one of " + options.formats());
                return;
            }
            SerializationFormat format = SerializationFormat.fromId(request.format());
            sendError(request.requestId(), RpcStatus.UNIMPLEMENTED, "serialization format "
                    + (format == null ? "#" + request.format() : format.name()) + " is not enabled on this server; enabled: "
                    + options.formats());
            return;
        }
        Deadline deadline = request.timeoutMicros() == 0 ? null
                : Deadline.after(request.timeoutMicros(), TimeUnit.MICROSECONDS, Deadline.Ticker.system());
        if (callsInFlight.get() >= maxCallsInFlight) {
            request.release();
            activity.refused(RefusalReason.CONNECTION_LIMIT);
            sendError(request.requestId(), RpcStatus.RESOURCE_EXHAUSTED, "this connection has " + maxCallsInFlight
                    + " calls queued or running, the most one connection may have; call not executed, retry later");
            return;
        }
        callsInFlight.incrementAndGet();
        ServerCall call = new ServerCall(this, method, serializer, request, deadline, interceptors);
        calls.put(request.requestId(), call);
        if (executor == null) {
            call.run();
            return;
        }
        try {
            executor.execute(call);
            if (spinForAnswers) {
                if (answerSpin == null) {
                    answerSpin = AnswerSpin.ofThisThread();
                }
                answerSpin.handedOff();
            }
        }
        catch (RejectedExecutionException ex) {
            activity.refused(RefusalReason.QUEUE_FULL);
            call.reject(RpcStatus.RESOURCE_EXHAUSTED, "server is busy (" + options.executor()
                    + " is full); call not executed, retry later");
        }
    }

    private void sendError(long requestId, RpcStatus status, String message) {
        send(FrameWriter.errorResponse(ctx.alloc(), requestId, status, message, false));
        activity.callFinished();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!inputShutdown) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Closes a half-closed connection once every call it sent was answered and the answers were written. */
    private void closeOnceAnswered() {
        if (callsInFlight.get() != 0 || !ctx.channel().isActive()) {
            return;
        }
        outbound.drainNow();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (ServerCall call : calls.values()) {
            call.cancel(interruptOnCancel); // the caller is gone: no answer can reach it
        }
        if (answerSpin != null) {
            answerSpin.abandoned(calls.size());
        }
        calls.clear();
        outbound.close(); // answers of calls still running are released, not written
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            logger.debug("Connection from {} shut down its output; closing once its {} calls are answered",
                    ctx.channel().remoteAddress(), callsInFlight.get());
            inputShutdown = true;
            closeOnceAnswered();
            return;
        }
        if (event instanceof IdleStateEvent) {
            logger.debug("Closing connection from {}: silent for {}", ctx.channel().remoteAddress(),
                    options.idleTimeout());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolViolationException violation) {
            long unlogged = activity.violationLogged();
            if (unlogged >= 0) {
                logger.info("Closing connection from {}: {} ({} similar closings logged at DEBUG before)",
                        ctx.channel().remoteAddress(), violation.getMessage(), unlogged);
            }
            else {
                logger.debug("Closing connection from {}: {}", ctx.channel().remoteAddress(), violation.getMessage());
            }
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(FrameWriter.goAway(ctx.alloc(), lastRequestId, violation.status(), violation.getMessage()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        if (cause instanceof IOException) {
            logger.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        else {
            logger.warn("Closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
