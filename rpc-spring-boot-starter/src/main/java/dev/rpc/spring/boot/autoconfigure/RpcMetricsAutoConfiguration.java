package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import dev.rpc.spring.boot.metrics.RpcClientMetrics;
import dev.rpc.spring.boot.metrics.RpcServerMetrics;
import dev.rpc.spring.boot.metrics.ZooKeeperDiscoveryMetrics;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gauges and counters of the server, the client and the ZooKeeper discovery, when the application has a
 * {@link MeterRegistry} (Spring Boot's actuator starter provides one). The per-call timers come from the observations
 * ({@link RpcObservationAutoConfiguration}); these binders add what a timer cannot show. Each binder reads the object
 * it watches only when the registry asks; none touches the call path.
 */
@AutoConfiguration(after = { RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class,
        RpcZooKeeperDiscoveryAutoConfiguration.class },
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(MeterRegistry.class)
public final class RpcMetricsAutoConfiguration {

    @Bean
    @ConditionalOnBean(RpcServerLifecycle.class)
    @ConditionalOnMissingBean
    RpcServerMetrics rpcServerMetrics(RpcServerLifecycle lifecycle) {
        return new RpcServerMetrics(lifecycle::getServer);
    }

    @Bean
    @ConditionalOnBean(RpcClientOptions.class)
    @ConditionalOnMissingBean
    RpcClientMetrics rpcClientMetrics(ConfigurableListableBeanFactory beanFactory) {
        return new RpcClientMetrics(new CreatedSingleton<>(beanFactory, RpcClient.class));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ZooKeeperServiceDiscovery.class)
    static class ZooKeeperDiscoveryMetricsConfiguration {

        @Bean
        @ConditionalOnBean(ZooKeeperServiceDiscovery.class)
        @ConditionalOnMissingBean
        ZooKeeperDiscoveryMetrics rpcZooKeeperDiscoveryMetrics(ZooKeeperServiceDiscovery discovery) {
            return new ZooKeeperDiscoveryMetrics(discovery);
        }
    }
}
