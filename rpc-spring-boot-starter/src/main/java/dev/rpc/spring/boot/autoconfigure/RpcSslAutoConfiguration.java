package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.spring.boot.ssl.NettySslContextFactory;
import dev.rpc.spring.boot.ssl.RpcSslContexts;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Provides the TLS contexts that {@code rpc.server.ssl.bundle}, {@code rpc.client.ssl.bundle} and
 * {@code rpc.client.services.<key>.ssl.*} ask for, built from Spring Boot's SSL bundles on OpenSSL when
 * netty-tcnative is on the classpath (the JDK's TLS otherwise), rebuilt when a bundle is reloaded, and released
 * when the context closes. Nothing is built until a property asks for it.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnBean(SslBundles.class)
public final class RpcSslAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RpcSslContexts rpcSslContexts(SslBundles sslBundles) {
        return new RpcSslContexts(sslBundles, NettySslContextFactory.preferred());
    }
}
