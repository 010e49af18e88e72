package dev.rpc.core.transport.tls;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

/**
 * Builds Netty contexts for tests on one provider, and releases every one it built on {@link #close()}: OpenSSL
 * contexts are reference counted, and the leak detector fails the build for one left unreleased.
 */
public final class TestSslContexts implements AutoCloseable {

    /** The providers the TLS tests run on; OpenSSL where netty-tcnative loads. */
    public enum Provider {

        /** The JDK's TLS. */
        JDK(SslProvider.JDK),
        /** BoringSSL through netty-tcnative, reference counted. */
        OPENSSL(SslProvider.OPENSSL_REFCNT);

        private final SslProvider provider;

        Provider(SslProvider provider) {
            this.provider = provider;
        }

        /** Returns whether this provider can run here. */
        public boolean isAvailable() {
            return this == JDK || OpenSsl.isAvailable();
        }
    }

    private final SslProvider provider;

    private final List<SslContext> built = new ArrayList<>();

    public TestSslContexts(Provider provider) {
        this.provider = provider.provider;
    }

    /** A server presenting {@code identity}, without client authentication. */
    public SslContext server(TestCertificates.Identity identity) {
        return build(SslContextBuilder.forServer(identity.privateKey(), identity.certificate()));
    }

    /** A server presenting {@code identity} that asks for client certificates issued by {@code trusted}. */
    public SslContext server(TestCertificates.Identity identity, TestCertificates.Authority trusted, ClientAuth clientAuth) {
        return build(SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
                .trustManager(trusted.certificate())
                .clientAuth(clientAuth));
    }

    /** A server presenting {@code identity} that requires client certificates, checked by {@code trustManager}. */
    public SslContext server(TestCertificates.Identity identity, TrustManager trustManager) {
        return build(SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
                .trustManager(trustManager)
                .clientAuth(ClientAuth.REQUIRE));
    }

    /** A client that trusts {@code trusted} and has no certificate of its own. */
    public SslContext client(TestCertificates.Authority trusted) {
        return build(SslContextBuilder.forClient().trustManager(trusted.certificate()));
    }

    /** A client that trusts {@code trusted} and presents {@code identity}. */
    public SslContext client(TestCertificates.Authority trusted, TestCertificates.Identity identity) {
        return build(SslContextBuilder.forClient().trustManager(trusted.certificate())
                .keyManager(identity.privateKey(), identity.certificate()));
    }

    /** A context built here but owned by the caller (such as a {@link ReloadableSslContext}): not released on close. */
    public SslContext unowned(SslContext context) {
        built.remove(context);
        return context;
    }

    private SslContext build(SslContextBuilder builder) {
        try {
            SslContext context = builder.sslProvider(provider).build();
            built.add(context);
            return context;
        }
        catch (SSLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        built.forEach(ReferenceCountUtil::release);
        built.clear();
    }
}
