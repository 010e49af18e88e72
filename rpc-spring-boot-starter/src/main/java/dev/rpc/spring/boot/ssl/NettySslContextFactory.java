package dev.rpc.spring.boot.ssl;

import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Builds Netty {@link SslContext}s from Spring Boot {@link SslBundle}s: the bundle's key and trust managers, and
 * its enabled protocols and ciphers (unlike Spring Boot's own gRPC server, which drops them). Contexts built on
 * OpenSSL are reference counted: the caller releases them. Thread-safe.
 */
public final class NettySslContextFactory {

    private final SslProvider provider;

    /**
     * Creates a factory building contexts on one provider.
     * @param provider {@link SslProvider#JDK}, or {@link SslProvider#OPENSSL_REFCNT} where netty-tcnative loads
     */
    public NettySslContextFactory(SslProvider provider) {
        this.provider = provider;
    }

    /**
     * Returns a factory on OpenSSL (BoringSSL, reference counted) when netty-tcnative is on the classpath and loads
     * on this platform, on the JDK's TLS otherwise.
     */
    public static NettySslContextFactory preferred() {
        return new NettySslContextFactory(OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK);
    }

    /** Returns the provider of the contexts built here. */
    public SslProvider provider() {
        return provider;
    }

    /**
     * Builds a server context that presents the bundle's key and certificate.
     * @param clientAuth whether to ask clients for a certificate, checked against the bundle's trust store
     * @throws IllegalArgumentException if the bundle has no key store
     * @throws SSLException if the provider refuses the bundle's material or options
     */
    public SslContext server(SslBundle bundle, ClientAuth clientAuth) throws SSLException {
        if (bundle.getStores().getKeyStore() == null) {
            throw new IllegalArgumentException("the bundle has no key store: a TLS server needs a key and certificate");
        }
        SslContextBuilder builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
                .clientAuth(clientAuth);
        if (clientAuth != ClientAuth.NONE) {
            builder.trustManager(bundle.getManagers().getTrustManagerFactory());
        }
        return build(builder, bundle.getOptions());
    }

    /**
     * Builds a client context that checks servers against the bundle's trust store (the JVM's default CAs when it
     * has none) and presents the bundle's key and certificate, if it has a key store, to servers that ask.
     * @param bundle the bundle, or {@code null} for the JVM's default CAs and no client certificate
     * @throws SSLException if the provider refuses the bundle's material or options
     */
    public SslContext client(SslBundle bundle) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (bundle == null) {
            return build(builder, SslOptions.NONE);
        }
        builder.trustManager(bundle.getManagers().getTrustManagerFactory());
        KeyStore keyStore = bundle.getStores().getKeyStore();
        if (keyStore != null) {
            builder.keyManager(bundle.getManagers().getKeyManagerFactory());
        }
        return build(builder, bundle.getOptions());
    }

    private SslContext build(SslContextBuilder builder, SslOptions options) throws SSLException {
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        if (options.getCiphers() != null) {
            builder.ciphers(Arrays.asList(options.getCiphers()));
        }
        return builder.sslProvider(provider).build();
    }
}
