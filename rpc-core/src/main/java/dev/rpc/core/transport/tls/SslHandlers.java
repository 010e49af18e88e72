package dev.rpc.core.transport.tls;

import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCounted;

/**
 * Creates the {@link SslHandler} of one connection from the context current at that moment. A reference-counted
 * (OpenSSL) context is retained while its engine is created, so that a reload releasing it at the same time
 * cannot free it under the new engine; if the reload won, the next current context is taken instead.
 */
final class SslHandlers {

    private static final int MAX_ATTEMPTS = 3;

    private SslHandlers() {
    }

    /** Creates the handler of an accepted connection. */
    static SslHandler server(Supplier<SslContext> source, ByteBufAllocator alloc) {
        return create(source, false, alloc, null, -1);
    }

    /**
     * Creates the handler of a connection to a server, verifying that the server's certificate is valid for
     * {@code expectedName}, also sent as SNI when it is a host name.
     */
    static SslHandler client(Supplier<SslContext> source, ByteBufAllocator alloc, String expectedName, int port) {
        SslHandler handler = create(source, true, alloc, expectedName, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static SslHandler create(Supplier<SslContext> source, boolean client, ByteBufAllocator alloc, String host,
            int port) {
        for (int attempt = 1; ; attempt++) {
            SslContext context = source.get();
            if (context == null) {
                throw new IllegalStateException("the TLS context source returned no SslContext (was it closed?)");
            }
            if (context.isClient() != client) {
                throw new IllegalStateException("the " + (client ? "client" : "server") + " was given a "
                        + (client ? "server" : "client") + " SslContext; build it with SslContextBuilder.for"
                        + (client ? "Client()" : "Server(...)"));
            }
            if (!(context instanceof ReferenceCounted counted)) {
                return newHandler(context, alloc, host, port);
            }
            try {
                counted.retain();
            }
            catch (IllegalReferenceCountException released) {
                if (attempt < MAX_ATTEMPTS) {
                    continue; // replaced and released meanwhile: take the new one
                }
                throw new IllegalStateException("the SslContext was released before a connection could use it "
                        + "(was its holder closed?)", released);
            }
            try {
                return newHandler(context, alloc, host, port);
            }
            finally {
                counted.release();
            }
        }
    }

    private static SslHandler newHandler(SslContext context, ByteBufAllocator alloc, String host, int port) {
        return host == null ? context.newHandler(alloc) : context.newHandler(alloc, host, port);
    }
}
