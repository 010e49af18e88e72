package dev.rpc.spring.boot.ssl;

import java.util.function.Supplier;

import dev.rpc.core.transport.tls.ClientTls;
import dev.rpc.spring.boot.autoconfigure.RpcProperties;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import org.springframework.util.StringUtils;

/**
 * Turns the {@code ssl} properties of the server, the client and each service into core TLS settings, with the
 * contexts of {@link RpcSslContexts}. Settings that contradict each other, or need SSL bundles where there are
 * none, fail with a message that names the property.
 */
public final class RpcTlsSettings {

    private final Supplier<RpcSslContexts> contexts;

    /**
     * Creates the translator.
     * @param contexts returns the contexts, or {@code null} when the application has no SSL bundles
     */
    public RpcTlsSettings(Supplier<RpcSslContexts> contexts) {
        this.contexts = contexts;
    }

    /**
     * Returns the server's TLS context source, or {@code null} for plaintext.
     * @throws IllegalStateException if client authentication is asked for without a bundle
     */
    public Supplier<SslContext> server(RpcProperties.ServerSsl ssl) {
        if (!StringUtils.hasText(ssl.getBundle())) {
            if (ssl.getClientAuth() != RpcProperties.ClientAuth.NONE) {
                throw new IllegalStateException("rpc.server.ssl.client-auth is " + ssl.getClientAuth() + ", but "
                        + "rpc.server.ssl.bundle is not set: client certificates need TLS; name the SSL bundle of the "
                        + "server's key and certificate, whose trust store checks the clients");
            }
            return null;
        }
        ClientAuth clientAuth = switch (ssl.getClientAuth()) {
            case NONE -> ClientAuth.NONE;
            case WANT -> ClientAuth.OPTIONAL;
            case NEED -> ClientAuth.REQUIRE;
        };
        return contexts("rpc.server.ssl.bundle").server(ssl.getBundle(), clientAuth, "rpc.server.ssl.bundle");
    }

    /** Returns the TLS settings of every service that sets none of its own. */
    public ClientTls client(RpcProperties.ClientSsl ssl) {
        if (!StringUtils.hasText(ssl.getBundle())) {
            return ClientTls.PLAINTEXT;
        }
        return ClientTls.of(contexts("rpc.client.ssl.bundle").client(ssl.getBundle(), "rpc.client.ssl.bundle"));
    }

    /**
     * Returns the TLS settings of one service, or {@code null} when it sets none and takes the client's.
     * @param property the service's {@code ssl} property, such as {@code rpc.client.services.inventory.ssl}
     * @param ssl its settings
     * @param clientDefault the client's settings
     * @throws IllegalStateException if the settings contradict each other
     */
    public ClientTls service(String property, RpcProperties.ServiceSsl ssl, ClientTls clientDefault) {
        boolean bundle = StringUtils.hasText(ssl.getBundle());
        boolean serverName = StringUtils.hasText(ssl.getServerName());
        if (Boolean.FALSE.equals(ssl.getEnabled())) {
            if (bundle || serverName) {
                throw new IllegalStateException(property + ".enabled is false, but " + property
                        + (bundle ? ".bundle" : ".server-name") + " is set: remove one of them");
            }
            return ClientTls.PLAINTEXT;
        }
        ClientTls tls;
        if (bundle) {
            tls = ClientTls.of(contexts(property + ".bundle").client(ssl.getBundle(), property + ".bundle"));
        }
        else if (Boolean.TRUE.equals(ssl.getEnabled()) && !clientDefault.enabled()) {
            tls = ClientTls.of(contexts(property + ".enabled").client(null, property + ".enabled"));
        }
        else if (Boolean.TRUE.equals(ssl.getEnabled()) || serverName) {
            if (!clientDefault.enabled()) {
                throw new IllegalStateException(property + ".server-name is set, but this service's connections do "
                        + "not use TLS: set " + property + ".bundle, or rpc.client.ssl.bundle");
            }
            tls = new ClientTls(clientDefault.sslContext(), null);
        }
        else {
            return null;
        }
        return serverName ? tls.withServerName(ssl.getServerName()) : tls;
    }

    private RpcSslContexts contexts(String property) {
        RpcSslContexts available = contexts.get();
        if (available == null) {
            throw new IllegalStateException(property + " is set, but this application has no SSL bundles (Spring "
                    + "Boot's SslAutoConfiguration is not active)");
        }
        return available;
    }
}
