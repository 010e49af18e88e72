package dev.rpc.spring.boot.autoconfigure;

import java.util.Map;

import dev.rpc.spring.boot.actuate.RpcClientHealthIndicator;
import dev.rpc.spring.boot.actuate.RpcEndpoint;
import dev.rpc.spring.boot.actuate.RpcInfoContributor;
import dev.rpc.spring.boot.actuate.RpcServerHealthIndicator;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.metrics.RpcClientMetrics;
import dev.rpc.spring.boot.metrics.RpcServerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Each actuator part appears with what it needs, and backs off without it or when switched off. */
class RpcActuatorAutoConfigurationTests {

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class,
                        RpcServerAutoConfiguration.class, RpcHealthContributorAutoConfiguration.class,
                        RpcEndpointAutoConfiguration.class, RpcInfoContributorAutoConfiguration.class,
                        RpcMetricsAutoConfiguration.class))
                .withUserConfiguration(ServiceConfiguration.class)
                .withPropertyValues("rpc.client.io-threads=1", "rpc.server.port=0");
    }

    @Test
    void shouldProvideHealthAndInfoButNoEndpointUntilItIsExposed() {
        contextRunner().run(context -> assertThat(context).hasSingleBean(RpcServerHealthIndicator.class)
                .hasSingleBean(RpcClientHealthIndicator.class)
                .hasSingleBean(RpcInfoContributor.class)
                .doesNotHaveBean(RpcEndpoint.class));
    }

    @Test
    void shouldProvideTheEndpointOnceExposed() {
        contextRunner().withPropertyValues("management.endpoints.web.exposure.include=rpc")
                .run(context -> assertThat(context).hasSingleBean(RpcEndpoint.class));
    }

    @Test
    void shouldLeaveHealthOutWhenSwitchedOff() {
        contextRunner().withPropertyValues("management.health.rpc.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RpcServerHealthIndicator.class)
                        .doesNotHaveBean(RpcClientHealthIndicator.class));
    }

    @Test
    void shouldLeaveInfoOutWhenSwitchedOff() {
        contextRunner().withPropertyValues("management.info.rpc.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RpcInfoContributor.class));
    }

    @Test
    void shouldBackOffWithoutTheActuatorOnTheClasspath() {
        contextRunner().withClassLoader(new FilteredClassLoader(HealthIndicator.class, InfoContributor.class,
                Endpoint.class))
                .withPropertyValues("management.endpoints.web.exposure.include=rpc")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(RpcServerHealthIndicator.class)
                        .doesNotHaveBean(RpcInfoContributor.class)
                        .doesNotHaveBean(RpcEndpoint.class));
    }

    @Test
    void shouldBindNoMetricsWithoutAMeterRegistry() {
        contextRunner().run(context -> assertThat(context).doesNotHaveBean(RpcServerMetrics.class)
                .doesNotHaveBean(RpcClientMetrics.class));
    }

    @Test
    void shouldBindMetricsOfBothSidesWithAMeterRegistry() {
        contextRunner().withUserConfiguration(MeterRegistryConfiguration.class)
                .run(context -> assertThat(context).hasSingleBean(RpcServerMetrics.class)
                        .hasSingleBean(RpcClientMetrics.class));
    }

    @Test
    void shouldNotCreateTheClientToMonitorIt() {
        contextRunner().withUserConfiguration(MeterRegistryConfiguration.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(RpcClientMetrics.class).bindTo(registry);

            assertThat(registry.get("rpc.client.connections").gauge().value()).isNaN();
            assertThat(context.getBean(RpcClientHealthIndicator.class).health().getDetails())
                    .containsEntry("addresses", Map.of());
            assertThat(context.getBeanFactory().containsSingleton("rpcClient")).isFalse();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceConfiguration {

        @Bean
        DefaultGreetingService greetingService() {
            return new DefaultGreetingService(new Gate());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MeterRegistryConfiguration {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
