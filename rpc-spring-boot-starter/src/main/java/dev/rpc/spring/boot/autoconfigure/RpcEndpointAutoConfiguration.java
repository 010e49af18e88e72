package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.core.client.CallModeResolver;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.spring.boot.actuate.RpcEndpoint;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;

/**
 * The {@code rpc} actuator endpoint ({@code /actuator/rpc}, or the {@code Rpc} MBean), when the actuator is present
 * and the endpoint is exposed ({@code management.endpoints.web.exposure.include=rpc}, or over JMX).
 */
@AutoConfiguration(after = { RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class,
        RpcZooKeeperDiscoveryAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(RpcEndpoint.class)
public final class RpcEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RpcEndpoint rpcEndpoint(ObjectProvider<RpcServerLifecycle> server, ObjectProvider<RpcClientOptions> clientOptions,
            ConfigurableListableBeanFactory beanFactory, ObjectProvider<RpcReferenceFactory> references) {
        return new RpcEndpoint(server::getIfAvailable, clientOptions.getIfAvailable(),
                new CreatedSingleton<>(beanFactory, RpcClient.class), references::getIfAvailable,
                CallModeResolver.callbackWhenAnnotated(Async.class));
    }
}
