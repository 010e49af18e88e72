package dev.rpc.core.transport.tls;

import java.util.List;
import java.util.function.Supplier;

import dev.rpc.core.internal.codec.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of an accepted connection on a TLS server: reads the first record header and puts either TLS
 * in its place, or, when the client speaks plaintext, a {@link PlaintextRefusal} after the frame decoder that
 * answers every call with the reason instead of running it. A client configured for plaintext thus learns that
 * the server requires TLS, rather than seeing its connection drop. Nothing of a plaintext connection reaches the
 * services.
 */
final class ServerTlsDetector extends ByteToMessageDecoder {

    private static final Logger logger = LoggerFactory.getLogger(ServerTlsDetector.class);

    /** Bytes of a TLS record header, enough to tell TLS from plaintext. */
    private static final int RECORD_HEADER_LENGTH = 5;

    static final String PLAINTEXT_REFUSED = "this server requires TLS and the client connected in plaintext; configure "
            + "the client for TLS (rpc.client.ssl.bundle, or ClientTls in RpcClientOptions); call not executed";

    private final Supplier<SslContext> sslContext;

    ServerTlsDetector(Supplier<SslContext> sslContext) {
        this.sslContext = sslContext;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER_LENGTH) {
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (SslHandler.isEncrypted(in, false)) {
            SslHandler tls;
            try {
                tls = SslHandlers.server(sslContext, ctx.alloc());
            }
            catch (RuntimeException ex) {
                logger.error("Cannot accept a TLS connection from {}: {}", ctx.channel().remoteAddress(), ex.getMessage(), ex);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            pipeline.addAfter(ctx.name(), null, new ServerHandshakeLogger());
            pipeline.replace(this, null, tls);
            return;
        }
        ChannelHandlerContext decoder = pipeline.context(FrameDecoder.class);
        logger.info("Refused a plaintext connection from {}: this server requires TLS, and the client is configured "
                + "for plaintext (or is no RPC client)", ctx.channel().remoteAddress());
        if (decoder == null) {
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        pipeline.addAfter(decoder.name(), null, new PlaintextRefusal(PLAINTEXT_REFUSED));
        pipeline.remove(this);
    }
}
