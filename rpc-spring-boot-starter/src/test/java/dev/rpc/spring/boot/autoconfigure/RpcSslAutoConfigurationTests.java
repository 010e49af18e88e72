package dev.rpc.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.util.function.Supplier;

import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.transport.tls.ClientTls;
import dev.rpc.core.transport.tls.TestCertificates.Authority;
import dev.rpc.core.transport.tls.TestCertificates.Identity;
import dev.rpc.core.transport.tls.TestCertificates;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.fixtures.GreetingService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import dev.rpc.spring.boot.ssl.RpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCounted;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RpcSslAutoConfigurationTests {

    private static final Authority CA = TestCertificates.authority("test CA");

    private static final Identity SERVER = CA.issue("127.0.0.1");

    @TempDir
    Path files;

    private String certificate;

    private String key;

    private String ca;

    @BeforeEach
    void writeBundleFiles() {
        SERVER.writePem(files.resolve("cert.pem"), files.resolve("key.pem"));
        TestCertificates.writeAtomically(files.resolve("ca.pem"), CA.certificatePem());
        certificate = "file:" + files.resolve("cert.pem");
        key = "file:" + files.resolve("key.pem");
        ca = "file:" + files.resolve("ca.pem");
    }

    private ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RpcSslAutoConfiguration.class,
                        RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class))
                .withPropertyValues("rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1",
                        "rpc.client.io-threads=1",
                        "spring.ssl.bundle.pem.server.keystore.certificate=" + certificate,
                        "spring.ssl.bundle.pem.server.keystore.private-key=" + key,
                        "spring.ssl.bundle.pem.server.truststore.certificate=" + ca,
                        "spring.ssl.bundle.pem.trust.truststore.certificate=" + ca);
    }

    @Test
    void shouldBuildNoContextUntilAPropertyAsksForOne() {
        contextRunner().withUserConfiguration(ServerConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RpcSslContexts.class);
            assertThat(context.getBean(RpcServerLifecycle.class).getServer().options().sslContext()).isNull();
            assertThat(context.getBean(RpcClientOptions.class).tls()).isEqualTo(ClientTls.PLAINTEXT);
        });
    }

    @Test
    void shouldBackOffWithoutSslBundles() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcSslAutoConfiguration.class, RpcClientAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcSslContexts.class));
    }

    @Test
    void shouldFailWhenABundleIsNamedWithoutSslBundles() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcSslAutoConfiguration.class, RpcClientAutoConfiguration.class))
                .withPropertyValues("rpc.client.ssl.bundle=trust")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessage("rpc.client.ssl.bundle is set, but "
                            + "this application has no SSL bundles (Spring Boot's SslAutoConfiguration is not active)");
                });
    }

    @Test
    void shouldServeTlsFromTheNamedBundle() {
        contextRunner().withUserConfiguration(ServerConfiguration.class)
                .withPropertyValues("rpc.server.ssl.bundle=server", "rpc.client.ssl.bundle=trust")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Supplier<SslContext> server = context.getBean(RpcServerLifecycle.class).getServer().options().sslContext();
                    assertThat(server.get().isServer()).isTrue();
                    assertThat(context.getBean(RpcClientOptions.class).tls().sslContext().get().isClient()).isTrue();
                });
    }

    @Test
    void shouldFailStartupNamingThePropertyOfAnUnknownBundle() {
        contextRunner().withUserConfiguration(ServerConfiguration.class)
                .withPropertyValues("rpc.server.ssl.bundle=nope")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("SSL bundle name 'nope'");
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("rpc.server.ssl.bundle names the SSL "
                            + "bundle 'nope', which is not configured; configure it under spring.ssl.bundle.pem.nope or "
                            + "spring.ssl.bundle.jks.nope");
                });
    }

    @Test
    void shouldFailStartupForABundleWithoutAKey() {
        contextRunner().withUserConfiguration(ServerConfiguration.class)
                .withPropertyValues("rpc.server.ssl.bundle=trust")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("rpc.server.ssl.bundle: RPC server "
                            + "TLS (SSL bundle 'trust', client auth NONE) cannot be built: the bundle has no key store: a "
                            + "TLS server needs a key and certificate");
                });
    }

    @Test
    void shouldFailStartupWhenClientAuthHasNoBundle() {
        contextRunner().withUserConfiguration(ServerConfiguration.class)
                .withPropertyValues("rpc.server.ssl.client-auth=need")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith("rpc.server.ssl.client-auth "
                            + "is NEED, but rpc.server.ssl.bundle is not set: client certificates need TLS");
                });
    }

    @Test
    void shouldFailStartupWhenAServiceOptsOutOfTlsAndNamesABundle() {
        contextRunner().withUserConfiguration(ReferenceConfiguration.class)
                .withPropertyValues("rpc.client.services.greetings.address=127.0.0.1:1",
                        "rpc.client.services.greetings.ssl.enabled=false",
                        "rpc.client.services.greetings.ssl.bundle=trust")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessage("rpc.client.services.greetings.ssl."
                            + "enabled is false, but rpc.client.services.greetings.ssl.bundle is set: remove one of them");
                });
    }

    @Test
    void shouldFailStartupWhenAServiceNamesAServerWithoutTls() {
        contextRunner().withUserConfiguration(ReferenceConfiguration.class)
                .withPropertyValues("rpc.client.services.greetings.address=127.0.0.1:1",
                        "rpc.client.services.greetings.ssl.server-name=greetings.internal")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessage("rpc.client.services.greetings.ssl."
                            + "server-name is set, but this service's connections do not use TLS: set "
                            + "rpc.client.services.greetings.ssl.bundle, or rpc.client.ssl.bundle");
                });
    }

    @Test
    void shouldReleaseItsContextsWhenTheApplicationCloses() {
        assumeTrue(OpenSsl.isAvailable(), "reference counting is OpenSSL's; netty-tcnative does not load here");
        SslContext[] built = new SslContext[1];
        contextRunner().withUserConfiguration(ServerConfiguration.class)
                .withPropertyValues("rpc.server.ssl.bundle=server")
                .run(context -> {
                    built[0] = context.getBean(RpcSslContexts.class).server("server", ClientAuth.NONE, "test").get();
                    assertThat(((ReferenceCounted) built[0]).refCnt()).isOne();
                });
        assertThat(((ReferenceCounted) built[0]).refCnt()).isZero();
    }

    @Configuration(proxyBeanMethods = false)
    static class ServerConfiguration {

        @Bean
        Gate gate() {
            return new Gate();
        }

        @Bean
        DefaultGreetingService greetingService(Gate gate) {
            return new DefaultGreetingService(gate);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReferenceConfiguration {

        @Bean
        Caller caller() {
            return new Caller();
        }
    }

    static class Caller {

        @RpcReference(service = "greetings")
        GreetingService greetings;
    }
}
