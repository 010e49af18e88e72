package dev.rpc.core.transport.tls;

import javax.net.ssl.SSLSession;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits after a server connection's TLS handler until the handshake ends: a failure is logged once, in words
 * (see {@link TlsFailures}), and the connection closed, instead of reaching the call handler as an unexpected
 * error; a success removes it.
 */
final class ServerHandshakeLogger extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(ServerHandshakeLogger.class);

    private boolean reported;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                if (logger.isDebugEnabled()) {
                    SslHandler tls = ctx.pipeline().get(SslHandler.class);
                    SSLSession session = tls == null ? null : tls.engine().getSession();
                    logger.debug("TLS with client {}: {}, {}", ctx.channel().remoteAddress(),
                            session == null ? "?" : session.getProtocol(), session == null ? "?" : session.getCipherSuite());
                }
                ctx.pipeline().remove(this);
            }
            else {
                report(ctx, handshake.cause());
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        report(ctx, cause);
    }

    private void report(ChannelHandlerContext ctx, Throwable cause) {
        if (!reported) {
            reported = true;
            logger.info(TlsFailures.server(String.valueOf(ctx.channel().remoteAddress()), cause));
        }
        ctx.close();
    }
}
