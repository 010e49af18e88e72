package dev.rpc.spring.boot.autoconfigure;

import java.util.Collection;
import java.util.List;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import dev.rpc.spring.boot.actuate.RpcClientHealthIndicator;
import dev.rpc.spring.boot.actuate.RpcServerHealthIndicator;
import dev.rpc.spring.boot.actuate.ZooKeeperDiscoveryHealthIndicator;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health indicators, when Spring Boot's health support is present (the actuator starter brings it) and
 * {@code management.health.rpc.enabled} is not {@code false}: {@code rpcServer} (listening, draining, stopped),
 * {@code rpcClient} (the connections per server address) and, with ZooKeeper discovery, {@code rpcDiscovery}.
 * None is part of the liveness or readiness group unless the application adds it (see README, "Observing it").
 */
@AutoConfiguration(after = { RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class,
        RpcZooKeeperDiscoveryAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("rpc")
public final class RpcHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnBean(RpcServerLifecycle.class)
    @ConditionalOnMissingBean(name = "rpcServerHealthIndicator")
    RpcServerHealthIndicator rpcServerHealthIndicator(RpcServerLifecycle lifecycle) {
        return new RpcServerHealthIndicator(lifecycle);
    }

    @Bean
    @ConditionalOnBean(RpcClientOptions.class)
    @ConditionalOnMissingBean(name = "rpcClientHealthIndicator")
    RpcClientHealthIndicator rpcClientHealthIndicator(ConfigurableListableBeanFactory beanFactory) {
        return new RpcClientHealthIndicator(new CreatedSingleton<>(beanFactory, RpcClient.class));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ZooKeeperServiceDiscovery.class)
    static class ZooKeeperDiscoveryHealthConfiguration {

        @Bean
        @ConditionalOnBean(ZooKeeperServiceDiscovery.class)
        @ConditionalOnMissingBean(name = "rpcDiscoveryHealthIndicator")
        ZooKeeperDiscoveryHealthIndicator rpcDiscoveryHealthIndicator(ZooKeeperServiceDiscovery discovery,
                ObjectProvider<RpcReferenceFactory> references) {
            return new ZooKeeperDiscoveryHealthIndicator(discovery, () -> discoveredServices(references));
        }

        private static Collection<String> discoveredServices(ObjectProvider<RpcReferenceFactory> references) {
            RpcReferenceFactory factory = references.getIfAvailable();
            if (factory == null) {
                return List.of();
            }
            return factory.references().stream()
                    .filter(reference -> reference.options().address() == null)
                    .map(reference -> reference.options().serviceName() != null ? reference.options().serviceName()
                            : ServiceDescriptor.of(reference.serviceInterface()).name())
                    .distinct()
                    .toList();
        }
    }
}
