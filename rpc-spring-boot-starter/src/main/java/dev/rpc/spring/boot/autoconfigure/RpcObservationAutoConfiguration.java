package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.spring.boot.observation.ObservationClientInterceptor;
import dev.rpc.spring.boot.observation.ObservationServerInterceptor;
import dev.rpc.spring.boot.observation.RpcClientObservationConvention;
import dev.rpc.spring.boot.observation.RpcServerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observes every call, on each side, when the application has an {@link ObservationRegistry} (Spring Boot's actuator
 * starter provides one): an {@link ObservationClientInterceptor} and an {@link ObservationServerInterceptor}, which the
 * client and the server pick up as they pick up any interceptor bean. The registry's handlers then make the timers,
 * and with Micrometer Tracing the spans and the trace context in the call's metadata.
 *
 * <p>{@code rpc.client.observations.enabled=false} or {@code rpc.server.observations.enabled=false} leaves that side's
 * interceptor out, so its calls cost nothing more than without Micrometer. Names and keys come from an
 * {@link RpcClientObservationConvention} or {@link RpcServerObservationConvention} bean when there is one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class RpcObservationAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "rpc.client.observations.enabled", matchIfMissing = true)
    static class ClientObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ObservationClientInterceptor rpcObservationClientInterceptor(ObservationRegistry registry,
                ObjectProvider<RpcClientObservationConvention> convention) {
            return new ObservationClientInterceptor(registry, convention.getIfUnique());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "rpc.server.observations.enabled", matchIfMissing = true)
    static class ServerObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ObservationServerInterceptor rpcObservationServerInterceptor(ObservationRegistry registry,
                ObjectProvider<RpcServerObservationConvention> convention) {
            return new ObservationServerInterceptor(registry, convention.getIfUnique());
        }
    }
}
