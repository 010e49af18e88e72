package dev.rpc.spring.boot.ssl;

import java.util.function.Supplier;
import javax.net.ssl.SSLException;

import dev.rpc.core.transport.tls.ReloadableSslContext;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The Netty context of one SSL bundle, rebuilt each time Spring Boot reloads the bundle ({@code reload-on-update});
 * new connections take the new one, open connections keep theirs. A reload that cannot be built is logged and
 * the previous context stays.
 */
final class BundleSslContext implements Supplier<SslContext>, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(BundleSslContext.class);

    private final String description;

    private final Builder builder;

    private final ReloadableSslContext current;

    /**
     * Builds the context of a bundle, and rebuilds it whenever the bundle is updated.
     * @param bundleName the bundle, or {@code null} for a context built without one, which never changes
     * @param description what the context is for, in messages, such as {@code RPC server TLS (SSL bundle 'server')}
     * @throws org.springframework.boot.ssl.NoSuchSslBundleException if there is no such bundle
     * @throws SSLException if the context cannot be built
     */
    BundleSslContext(SslBundles bundles, String bundleName, String description, Builder builder) throws SSLException {
        this.description = description;
        this.builder = builder;
        this.current = new ReloadableSslContext(builder.build(bundleName == null ? null : bundles.getBundle(bundleName)));
        if (bundleName != null) {
            bundles.addBundleUpdateHandler(bundleName, this::reload);
        }
    }

    private void reload(SslBundle bundle) {
        try {
            current.update(builder.build(bundle));
            logger.info("{}: SSL bundle reloaded; new connections use its certificate, open ones keep theirs", description);
        }
        catch (SSLException | RuntimeException ex) {
            logger.error("{}: the reloaded SSL bundle cannot be used ({}); connections keep using the previous one",
                    description, ex.getMessage(), ex);
        }
    }

    @Override
    public SslContext get() {
        return current.get();
    }

    @Override
    public void close() {
        current.close();
    }

    /** Builds a context from a bundle. */
    @FunctionalInterface
    interface Builder {

        /** Builds the context; {@code bundle} is {@code null} for a context without a bundle. */
        SslContext build(SslBundle bundle) throws SSLException;
    }
}
