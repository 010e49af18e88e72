package dev.rpc.spring.boot.ssl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;

/**
 * The TLS contexts of the RPC server and client, one per SSL bundle and use, each built once, followed through
 * the bundle's reloads, and released on {@link #close()}. Every reference naming the same bundle gets the same
 * context source, so they share connections. Thread-safe.
 */
public class RpcSslContexts implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(RpcSslContexts.class);

    private final SslBundles bundles;

    private final NettySslContextFactory factory;

    private final Map<Key, BundleSslContext> contexts = new ConcurrentHashMap<>();

    /**
     * Creates the registry.
     * @param bundles Spring Boot's SSL bundles
     * @param factory builds the Netty contexts, on OpenSSL or the JDK
     */
    public RpcSslContexts(SslBundles bundles, NettySslContextFactory factory) {
        this.bundles = bundles;
        this.factory = factory;
    }

    /**
     * Returns the server context of a bundle, followed through its reloads.
     * @param bundle the bundle's name
     * @param clientAuth whether to ask clients for a certificate
     * @param property the property that names the bundle, for messages
     * @throws IllegalStateException if there is no such bundle, or it cannot serve TLS; the message names the property
     */
    public Supplier<SslContext> server(String bundle, ClientAuth clientAuth, String property) {
        return contexts.computeIfAbsent(new Key(false, bundle, clientAuth), key -> fromBundle(key, property,
                "RPC server TLS (SSL bundle '" + bundle + "', client auth " + clientAuth + ")",
                loaded -> factory.server(loaded, clientAuth)));
    }

    /**
     * Returns the client context of a bundle, followed through its reloads, or, for a {@code null} bundle, one
     * that trusts the JVM's default CAs.
     * @param bundle the bundle's name, or {@code null}
     * @param property the property that names the bundle, or turns TLS on, for messages
     * @throws IllegalStateException if there is no such bundle, or it cannot be used; the message names the property
     */
    public Supplier<SslContext> client(String bundle, String property) {
        String description = bundle != null ? "RPC client TLS (SSL bundle '" + bundle + "')"
                : "RPC client TLS (the JVM's default CAs, no client certificate)";
        return contexts.computeIfAbsent(new Key(true, bundle, ClientAuth.NONE),
                key -> fromBundle(key, property, description, factory::client));
    }

    private BundleSslContext fromBundle(Key key, String property, String description, BundleSslContext.Builder builder) {
        try {
            BundleSslContext context = new BundleSslContext(bundles, key.bundle(), description, builder);
            logger.info("{} on {}", description, describe(factory.provider()));
            return context;
        }
        catch (NoSuchSslBundleException ex) {
            throw new IllegalStateException(property + " names the SSL bundle '" + key.bundle() + "', which is not "
                    + "configured; configure it under spring.ssl.bundle.pem." + key.bundle() + " or spring.ssl.bundle.jks."
                    + key.bundle() + " (configured bundles: " + bundles.getBundleNames() + ")", ex);
        }
        catch (SSLException | RuntimeException ex) {
            throw new IllegalStateException(property + ": " + description + " cannot be built: " + ex.getMessage(), ex);
        }
    }

    private static String describe(SslProvider provider) {
        return provider == SslProvider.JDK ? "the JDK's TLS" : "OpenSSL";
    }

    /** Releases every context; connections opened later fail. */
    @Override
    public void close() {
        contexts.values().forEach(BundleSslContext::close);
        contexts.clear();
    }

    private record Key(boolean client, String bundle, ClientAuth clientAuth) {
    }
}
