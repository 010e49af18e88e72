package dev.rpc.core.transport.tls;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;

/**
 * How a client secures its connections to one server: in plaintext, or with TLS from an {@link SslContext}
 * that trusts the server (and, for mutual TLS, holds this client's key and certificate). Immutable.
 *
 * <p>The server's certificate must be valid for the host of the address connected to (a DNS name or an IP
 * address among its subject alternative names), unless {@link #withServerName(String)} names another one;
 * that name is also sent as SNI when it is a host name. Host name verification is always on.
 *
 * <p>The context is read once per new connection, so a {@link ReloadableSslContext} changes the certificate of
 * later connections while open ones keep theirs. Two settings are {@linkplain #equals(Object) equal} when they
 * read the same context source and expect the same name: a client shares connections between references whose
 * settings are equal, and opens separate ones otherwise.
 *
 * @param sslContext the client context, read once per connection; {@code null} for plaintext
 * @param serverName the name the server's certificate must be valid for, or {@code null} for the host of the
 *        address connected to
 */
public record ClientTls(Supplier<SslContext> sslContext, String serverName) {

    /** No TLS: connections are plaintext. */
    public static final ClientTls PLAINTEXT = new ClientTls(null, null);

    /**
     * Validates the settings.
     * @throws IllegalArgumentException if a server name is given without a context, or is blank
     */
    public ClientTls {
        if (serverName != null) {
            if (sslContext == null) {
                throw new IllegalArgumentException("a server name ('" + serverName + "') needs TLS: give an SslContext too");
            }
            if (serverName.isBlank()) {
                throw new IllegalArgumentException("the server name must not be blank");
            }
        }
    }

    /**
     * Returns TLS settings with a fixed context.
     * @param sslContext a client context, as {@code SslContextBuilder.forClient()} builds it; the caller keeps
     *        ownership of a reference-counted (OpenSSL) context and releases it after the client is closed
     * @throws IllegalArgumentException if the context is a server context
     */
    public static ClientTls of(SslContext sslContext) {
        Objects.requireNonNull(sslContext, "sslContext");
        if (!sslContext.isClient()) {
            throw new IllegalArgumentException("the SslContext is a server context; build the client's with "
                    + "SslContextBuilder.forClient()");
        }
        return new ClientTls(new FixedSslContext(sslContext), null);
    }

    /**
     * Returns TLS settings whose context is read once per new connection, such as a {@link ReloadableSslContext}.
     * The source must return a client context, never {@code null}, and must not release a context before it
     * returns the next one.
     */
    public static ClientTls of(Supplier<SslContext> sslContext) {
        return new ClientTls(Objects.requireNonNull(sslContext, "sslContext"), null);
    }

    /**
     * Returns these settings, verifying the server's certificate against another name than the host connected
     * to: for a server reached by an IP address or an alias that its certificate does not list.
     * @throws IllegalArgumentException if these settings are plaintext, or the name is blank
     */
    public ClientTls withServerName(String serverName) {
        return new ClientTls(sslContext, Objects.requireNonNull(serverName, "serverName"));
    }

    /** Returns whether connections use TLS. */
    public boolean enabled() {
        return sslContext != null;
    }

    /** Returns the name the certificate of the server at an address must be valid for. */
    public String expectedName(InetSocketAddress address) {
        return serverName != null ? serverName : address.getHostString();
    }

    @Override
    public String toString() {
        return !enabled() ? "plaintext" : "TLS" + (serverName != null ? " (server name " + serverName + ")" : "");
    }
}
