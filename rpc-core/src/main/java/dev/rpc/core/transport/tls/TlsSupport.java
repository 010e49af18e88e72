package dev.rpc.core.transport.tls;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import dev.rpc.core.internal.codec.FrameDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;

/**
 * Puts TLS into the pipelines of the client and the server; called by them once per connection, from their
 * channel initializers, after they added their own handlers. Does nothing for plaintext settings.
 *
 * <pre>
 * server:  [TLS detector → SslHandler | plaintext refusal after the decoder] idle  frame decoder  connection
 * client:  [SslHandler] idle  frame decoder  [readiness: handshake + PONG]  connection
 * </pre>
 *
 * A client's connection attempt ends only when the server has answered over TLS ({@link #whenReady}); every
 * failure before that says in words what went wrong with TLS and what to check. Framework-internal: applications
 * configure TLS through {@link ClientTls} and {@code RpcServerOptions.sslContext}.
 */
public final class TlsSupport {

    private static final AttributeKey<ChannelFuture> READY = AttributeKey.valueOf(TlsSupport.class, "ready");

    private TlsSupport() {
    }

    /**
     * Returns a source that always gives the same context.
     * @param sslContext the context; equal sources hold the same context
     */
    public static Supplier<SslContext> fixed(SslContext sslContext) {
        return new FixedSslContext(Objects.requireNonNull(sslContext, "sslContext"));
    }

    /**
     * Prepares an accepted connection for TLS, or does nothing when {@code sslContext} is {@code null}. Its first
     * bytes decide: a TLS handshake gets an {@link SslHandler} from the context current then; plaintext gets its
     * calls answered {@code UNAVAILABLE}, not executed, with a message saying that the server requires TLS.
     * Handshake failures are logged once, at INFO, with their likely cause.
     * @param channel the accepted channel, whose pipeline holds the {@link FrameDecoder}
     * @param sslContext the server's context source, read once per connection; {@code null} for plaintext
     */
    public static void configureServer(Channel channel, Supplier<SslContext> sslContext) {
        if (sslContext != null) {
            channel.pipeline().addFirst(new ServerTlsDetector(sslContext));
        }
    }

    /**
     * Prepares a client connection for TLS, or does nothing for plaintext settings. The server's certificate must
     * be valid for {@link ClientTls#expectedName}; the handshake, and then the server's answer to a PING, must each
     * come within {@code timeout}.
     * @param channel the channel, not connected yet, whose pipeline holds the {@link FrameDecoder}
     * @param tls the settings
     * @param address the server's address
     * @param timeout the longest wait for the handshake, and then for the server's answer
     */
    public static void configureClient(Channel channel, ClientTls tls, InetSocketAddress address, Duration timeout) {
        if (!tls.enabled()) {
            return;
        }
        String server = address.getHostString() + ":" + address.getPort();
        String expectedName = tls.expectedName(address);
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext decoder = pipeline.context(FrameDecoder.class);
        SslHandler ssl;
        try {
            if (decoder == null) {
                throw new IllegalStateException("no FrameDecoder in the pipeline");
            }
            ssl = SslHandlers.client(tls.sslContext(), channel.alloc(), expectedName, address.getPort());
        }
        catch (RuntimeException ex) {
            channel.attr(READY).set(channel.newFailedFuture(new TlsConnectionException("TLS connection to " + server
                    + " cannot start: " + ex.getMessage(), ex)));
            channel.close();
            return;
        }
        ssl.setHandshakeTimeoutMillis(timeout.toMillis());
        ClientTlsReadiness readiness = new ClientTlsReadiness(channel, server, expectedName, timeout.toMillis());
        pipeline.addAfter(decoder.name(), null, readiness);
        pipeline.addFirst(ssl);
        channel.attr(READY).set(readiness.ready());
    }

    /**
     * Returns a future that completes when a connection attempt has connected and, with TLS, when the server
     * has answered over TLS; it fails with the attempt's failure, worded for TLS where TLS failed.
     * @param connect the attempt, whose channel was prepared by {@link #configureClient} (or not, for plaintext)
     */
    public static ChannelFuture whenReady(ChannelFuture connect) {
        Channel channel = connect.channel();
        ChannelPromise ready = channel.newPromise();
        connect.addListener((ChannelFuture attempt) -> {
            ChannelFuture tls = channel.attr(READY).get();
            if (tls != null && tls.isDone() && !tls.isSuccess()) {
                ready.tryFailure(tls.cause());
            }
            else if (!attempt.isSuccess()) {
                ready.tryFailure(attempt.cause());
            }
            else if (tls == null) {
                ready.trySuccess();
            }
            else {
                tls.addListener((ChannelFuture handshake) -> {
                    if (handshake.isSuccess()) {
                        ready.trySuccess();
                    }
                    else {
                        ready.tryFailure(handshake.cause());
                    }
                });
            }
        });
        return ready;
    }
}
