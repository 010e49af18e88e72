package dev.rpc.spring.boot.autoconfigure;

import java.util.Objects;

import dev.rpc.core.client.CallModeResolver;
import dev.rpc.core.client.CallbackListener;
import dev.rpc.core.client.ClientInterceptor;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.LoadBalancer;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.spring.boot.client.PropertiesServiceAddressResolver;
import dev.rpc.spring.boot.client.RpcClientCustomizer;
import dev.rpc.spring.boot.client.RpcMethodKeyVerifier;
import dev.rpc.spring.boot.client.RpcReferenceBeanPostProcessor;
import dev.rpc.spring.boot.client.RpcReferenceCustomizer;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import dev.rpc.spring.boot.client.RpcReferenceResolverInstaller;
import dev.rpc.spring.boot.client.ServiceAddressResolver;
import dev.rpc.spring.boot.client.SpringCallbackListener;
import dev.rpc.spring.boot.ssl.RpcSslContexts;
import dev.rpc.spring.boot.ssl.RpcTlsSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.util.function.SingletonSupplier;

/**
 * Injects client proxies into {@code @RpcReference} fields and constructor parameters, and provides the
 * one {@link RpcClient} they share. The client, and its I/O threads, are created on the first reference.
 * {@link ClientInterceptor} beans see every call, in their {@code @Order}; {@link RpcReferenceCustomizer} beans adjust
 * each reference's options. Every bean can be replaced by declaring one of its type.
 *
 * <p>Methods returning {@code T} block, methods returning {@code CompletableFuture<T>} are asynchronous, and
 * {@code void} methods annotated with Spring's {@link Async @Async} are callback-mode calls whose failures go
 * to the application's {@code AsyncUncaughtExceptionHandler}.
 *
 * <p>Before any bean is created, the keys under {@code rpc.client.services.<key>.methods} are read as written:
 * a key that Spring Boot's binder would not keep whole, such as a signature outside brackets, fails the
 * startup (see {@link RpcMethodKeyVerifier}).
 */
@AutoConfiguration
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static RpcReferenceBeanPostProcessor rpcReferenceBeanPostProcessor() {
        return new RpcReferenceBeanPostProcessor();
    }

    @Bean
    @ConditionalOnMissingBean
    static RpcReferenceResolverInstaller rpcReferenceResolverInstaller() {
        return new RpcReferenceResolverInstaller();
    }

    @Bean
    @ConditionalOnMissingBean
    static RpcMethodKeyVerifier rpcMethodKeyVerifier(Environment environment) {
        return new RpcMethodKeyVerifier(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceAddressResolver rpcServiceAddressResolver(RpcProperties properties) {
        return new PropertiesServiceAddressResolver(properties.getClient());
    }

    @Bean
    @ConditionalOnMissingBean(CallbackListener.class)
    SpringCallbackListener rpcCallbackListener(ObjectProvider<AsyncConfigurer> asyncConfigurers,
            ApplicationEventPublisher events) {
        return new SpringCallbackListener(SingletonSupplier.of(() -> asyncConfigurers.orderedStream()
                .map(AsyncConfigurer::getAsyncUncaughtExceptionHandler)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null)), events);
    }

    @Bean
    @ConditionalOnMissingBean
    RpcClientOptions rpcClientOptions(RpcProperties properties, CallbackListener callbackListener,
            ObjectProvider<RpcClientCustomizer> customizers, ObjectProvider<ServiceDiscovery> discovery,
            ObjectProvider<ClientInterceptor> interceptors, ObjectProvider<RpcSslContexts> sslContexts,
            ObjectProvider<SerializationProvider> serialization) {
        RpcProperties.Client client = properties.getClient();
        RpcClientOptions.Builder options = RpcClientOptions.builder()
                .defaultTimeout(client.getTimeout())
                .connectTimeout(client.getConnectTimeout())
                .format(client.getFormat())
                .serialization(serialization.getIfAvailable())
                .transport(client.getTransport())
                .reconnectBackoff(client.getReconnectBackoff(), client.getMaxReconnectBackoff())
                .pingInterval(client.getPingInterval())
                .maxFrameSize(Math.toIntExact(client.getMaxFrameSize().toBytes()))
                .writeBufferHighWaterMark(Math.toIntExact(client.getWriteBufferHighWaterMark().toBytes()))
                .callModeResolver(CallModeResolver.callbackWhenAnnotated(Async.class))
                .callbackListener(callbackListener)
                .discovery(discovery.getIfAvailable())
                .loadBalancer(client.getLoadBalancer() == RpcProperties.LoadBalancing.LEAST_IN_FLIGHT
                        ? LoadBalancer.leastInFlight() : LoadBalancer.roundRobin())
                .maxAttempts(client.getMaxAttempts())
                .connectionsPerAddress(client.getConnectionsPerAddress())
                .interceptors(interceptors.orderedStream().toList())
                .tls(new RpcTlsSettings(sslContexts::getIfAvailable).client(client.getSsl()));
        if (client.getIoThreads() > 0) {
            options.ioThreads(client.getIoThreads());
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(options));
        return options.build();
    }

    @Bean(destroyMethod = "close")
    @Lazy
    @ConditionalOnMissingBean
    RpcClient rpcClient(RpcClientOptions options) {
        return RpcClient.create(options);
    }

    @Bean
    @ConditionalOnMissingBean
    RpcReferenceFactory rpcReferenceFactory(ObjectProvider<RpcClient> client, RpcProperties properties,
            ServiceAddressResolver addressResolver, ObjectProvider<RpcSslContexts> sslContexts,
            ObjectProvider<RpcReferenceCustomizer> customizers) {
        return new RpcReferenceFactory(client, properties.getClient(), addressResolver,
                new RpcTlsSettings(sslContexts::getIfAvailable), customizers.orderedStream().toList());
    }
}
