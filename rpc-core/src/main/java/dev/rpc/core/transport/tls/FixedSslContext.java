package dev.rpc.core.transport.tls;

import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;

/** A context that never changes; equal to another holding the same context, so settings built twice compare equal. */
record FixedSslContext(SslContext context) implements Supplier<SslContext> {

    @Override
    public SslContext get() {
        return context;
    }
}
