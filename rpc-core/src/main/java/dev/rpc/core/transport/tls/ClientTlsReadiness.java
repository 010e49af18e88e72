package dev.rpc.core.transport.tls;

import java.nio.channels.ClosedChannelException;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.protocol.FrameType;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Tells when a client's TLS connection is ready for calls: once the handshake succeeded and the server answered
 * a PING over it. The handshake's end on the client does not prove the server accepted it: in TLS 1.3 the server
 * checks the client's certificate after the client has finished, and refuses it with an alert that arrives later.
 * Calls sent in between would be lost with the connection, without knowing that they never ran; waiting for the
 * PONG (half a round trip, as the PING leaves with the client's last handshake message) keeps them back.
 *
 * <p>Sits after the frame decoder; any failure before readiness fails {@link #ready()} with an explanation, closes
 * the connection, and goes no further down the pipeline. Removes itself once ready. Runs on the channel's loop.
 */
final class ClientTlsReadiness extends ChannelInboundHandlerAdapter {

    private final String server;

    private final String expectedName;

    private final long timeoutMillis;

    private final ChannelPromise ready;

    private ScheduledFuture<?> confirmationTimeout;

    ClientTlsReadiness(Channel channel, String server, String expectedName, long timeoutMillis) {
        this.server = server;
        this.expectedName = expectedName;
        this.timeoutMillis = timeoutMillis;
        this.ready = channel.newPromise();
    }

    /** Completes once the server answered over TLS, or fails with the reason the connection cannot be used. */
    ChannelFuture ready() {
        return ready;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake && !ready.isDone()) {
            if (handshake.isSuccess()) {
                ctx.writeAndFlush(FrameWriter.control(ctx.alloc(), FrameType.PING, 0, 0));
                confirmationTimeout = ctx.executor().schedule(() -> unconfirmed(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
            }
            else {
                fail(ctx, handshake.cause());
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ready.isDone() && !ready.isSuccess()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (confirmationTimeout != null) {
            confirmationTimeout.cancel(false);
        }
        // the PONG reaches the connection before it is declared ready, so that the connection knows from it whether the
        // server takes CANCEL, and needs no PING of its own to find out
        ctx.fireChannelRead(msg);
        ready.trySuccess();
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ready.isSuccess()) {
            ctx.fireExceptionCaught(cause);
        }
        else {
            fail(ctx, cause); // after a failure, only the echoes of it: the connection is closing
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!ready.isDone()) {
            fail(ctx, new ClosedChannelException());
        }
        super.channelInactive(ctx);
    }

    private void unconfirmed(ChannelHandlerContext ctx) {
        if (ready.tryFailure(new TlsConnectionException("TLS connection to " + server + " failed: the handshake ended, "
                + "but the server sent nothing within " + timeoutMillis + " ms; it may not be an RPC server", null))) {
            ctx.close();
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (confirmationTimeout != null) {
            confirmationTimeout.cancel(false);
        }
        if (ready.isDone()) {
            return;
        }
        String message = TlsFailures.client(server, expectedName, sentCertificate(ctx), cause);
        if (ready.tryFailure(new TlsConnectionException(message, cause))) {
            ctx.close();
        }
    }

    /** Returns whether this client presented a certificate in the handshake, {@code null} if that is unknown. */
    private static Boolean sentCertificate(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return null;
        }
        try {
            SSLSession session = tls.engine().getHandshakeSession();
            if (session == null) {
                session = tls.engine().getSession();
            }
            Certificate[] sent = session == null ? null : session.getLocalCertificates();
            return sent != null && sent.length > 0;
        }
        catch (RuntimeException ex) {
            return null;
        }
    }
}
