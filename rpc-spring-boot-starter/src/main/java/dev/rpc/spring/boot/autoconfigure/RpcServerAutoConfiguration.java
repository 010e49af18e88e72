package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerExecutor;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.server.PropertiesRpcServerFactory;
import dev.rpc.spring.boot.server.RpcServerCustomizer;
import dev.rpc.spring.boot.server.RpcServerExposureCheck;
import dev.rpc.spring.boot.server.RpcServerFactory;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import dev.rpc.spring.boot.server.RpcServiceCollector;
import dev.rpc.spring.boot.ssl.RpcSslContexts;
import dev.rpc.spring.boot.ssl.RpcTlsSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Starts an RPC server that exports the {@code @RpcService} beans, when there is at least one (or when an
 * {@link RpcServiceCollector} bean, which decides what is exported, is declared) and {@code rpc.server.enabled} is not
 * {@code false}. {@link ServerInterceptor} beans see every call, in their
 * {@code @Order}. A server about to listen on a non-loopback address with neither TLS nor authentication logs a
 * warning, or fails to start ({@link RpcServerExposureCheck}). Every bean can be replaced by declaring one of its type.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "rpc.server.enabled", matchIfMissing = true)
@Conditional(RpcServerAutoConfiguration.OnServicesToExport.class)
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RpcServiceCollector rpcServiceCollector() {
        return new RpcServiceCollector();
    }

    @Bean
    @ConditionalOnMissingBean
    RpcServerFactory rpcServerFactory(RpcProperties properties, ObjectProvider<RpcServerCustomizer> customizers,
            ObjectProvider<ServiceDiscovery> discovery, ObjectProvider<ServerInterceptor> interceptors,
            ObjectProvider<RpcSslContexts> sslContexts, ObjectProvider<SerializationProvider> serialization,
            Environment environment) {
        RpcTlsSettings tls = new RpcTlsSettings(sslContexts::getIfAvailable);
        ServerExecutor executor = executorFrom(properties.getServer(), environment);
        return new PropertiesRpcServerFactory(() -> optionsFrom(properties.getServer(), discovery.getIfAvailable())
                .executor(executor)
                .serialization(serialization.getIfAvailable())
                .interceptors(interceptors.orderedStream().toList())
                .sslContext(tls.server(properties.getServer().getSsl())), customizers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    RpcServerExposureCheck rpcServerExposureCheck(RpcProperties properties, ConfigurableApplicationContext context) {
        return new RpcServerExposureCheck(properties.getServer().getSecurity().getUnprotected(), context.getEnvironment());
    }

    @Bean
    @ConditionalOnMissingBean
    RpcServerLifecycle rpcServerLifecycle(RpcServerFactory serverFactory, RpcServiceCollector collector,
            ConfigurableApplicationContext context, ObjectProvider<RpcServerExposureCheck> exposureCheck) {
        return new RpcServerLifecycle(serverFactory, collector, context, exposureCheck.getIfAvailable());
    }

    /** There is something to export: {@code @RpcService} beans, or a collector that finds services of its own. */
    static final class OnServicesToExport extends AnyNestedCondition {

        OnServicesToExport() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(annotation = RpcService.class)
        static final class RpcServiceBeans {
        }

        @ConditionalOnBean(RpcServiceCollector.class)
        static final class ServiceCollector {
        }
    }

    /**
     * The executor {@code rpc.server.executor} names; unset, virtual threads when the application turned them on
     * ({@code spring.threads.virtual.enabled} on Java 21 or later), as Boot's own servers do, else the bounded pool.
     */
    private static ServerExecutor executorFrom(RpcProperties.Server server, Environment environment) {
        RpcProperties.ServerExecutorKind kind = server.getExecutor();
        if (kind == null) {
            kind = Threading.VIRTUAL.isActive(environment) ? RpcProperties.ServerExecutorKind.VIRTUAL_THREADS
                    : RpcProperties.ServerExecutorKind.BOUNDED;
        }
        return switch (kind) {
            case BOUNDED -> ServerExecutor.bounded(server.getWorkerThreads(), server.getQueueCapacity());
            case VIRTUAL_THREADS -> virtualThreads(server.getWorkerThreads() + server.getQueueCapacity());
            case DIRECT -> ServerExecutor.direct();
        };
    }

    private static ServerExecutor virtualThreads(int maxConcurrentCalls) {
        try {
            return ServerExecutor.virtualThreads(maxConcurrentCalls);
        }
        catch (IllegalStateException ex) {
            throw new IllegalStateException("rpc.server.executor=virtual-threads needs Java 21 or later; this is Java "
                    + Runtime.version().feature() + ". Remove it to use the bounded pool, or run on Java 21", ex);
        }
    }

    private static RpcServerOptions.Builder optionsFrom(RpcProperties.Server server, ServiceDiscovery discovery) {
        RpcServerOptions.Builder options = RpcServerOptions.builder()
                .bindAddress(server.getAddress())
                .port(server.getPort())
                .transport(server.getTransport())
                .maxFrameSize(Math.toIntExact(server.getMaxFrameSize().toBytes()))
                .writeBufferHighWaterMark(Math.toIntExact(server.getWriteBufferHighWaterMark().toBytes()))
                .maxConcurrentCallsPerConnection(server.getMaxConcurrentCallsPerConnection())
                .idleTimeout(server.getIdleTimeout())
                .shutdownGracePeriod(server.getShutdownGracePeriod())
                .discovery(discovery)
                .advertisedHost(server.getAdvertisedHost())
                .instanceMetadata(server.getMetadata())
                .revealServicesOnNotFound(server.isRevealServicesOnNotFound())
                .interruptOnCancel(server.isInterruptOnCancel());
        if (server.getIoThreads() > 0) {
            options.ioThreads(server.getIoThreads());
        }
        options.spinWait(server.getSpinWait());
        return options;
    }
}
