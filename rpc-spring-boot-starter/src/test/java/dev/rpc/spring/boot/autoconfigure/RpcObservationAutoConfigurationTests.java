package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.core.client.ClientInterceptor;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.observation.ObservationClientInterceptor;
import dev.rpc.spring.boot.observation.ObservationServerInterceptor;
import dev.rpc.spring.boot.server.RpcServerFactory;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

class RpcObservationAutoConfigurationTests {

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        RpcObservationAutoConfiguration.class, RpcClientAutoConfiguration.class,
                        RpcServerAutoConfiguration.class))
                .withUserConfiguration(ServiceConfiguration.class, OwnInterceptorsConfiguration.class)
                .withPropertyValues("rpc.client.io-threads=1", "rpc.server.port=0");
    }

    @Test
    void shouldObserveBothSidesFirstOfAllInterceptorsWhenThereIsAnObservationRegistry() {
        contextRunner().run(context -> {
            assertThat(context).hasSingleBean(ObservationClientInterceptor.class)
                    .hasSingleBean(ObservationServerInterceptor.class);
            assertThat(context.getBean(RpcClientOptions.class).interceptors()).hasSize(2)
                    .first().isInstanceOf(ObservationClientInterceptor.class);
            assertThat(context.getBean(RpcServerFactory.class).create().options().interceptors()).hasSize(2)
                    .first().isInstanceOf(ObservationServerInterceptor.class);
        });
    }

    @Test
    void shouldNotObserveWithoutAnObservationRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcObservationAutoConfiguration.class,
                        RpcClientAutoConfiguration.class))
                .withPropertyValues("rpc.client.io-threads=1")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ObservationClientInterceptor.class)
                            .doesNotHaveBean(ObservationServerInterceptor.class);
                    assertThat(context.getBean(RpcClientOptions.class).interceptors()).isEmpty();
                });
    }

    @Test
    void shouldBackOffWithoutMicrometerObservationOnTheClasspath() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcObservationAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(ObservationClientInterceptor.class)
                        .doesNotHaveBean(ObservationServerInterceptor.class));
    }

    @Test
    void shouldLeaveTheClientUnobservedWhenSwitchedOff() {
        contextRunner().withPropertyValues("rpc.client.observations.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ObservationClientInterceptor.class)
                    .hasSingleBean(ObservationServerInterceptor.class);
            assertThat(context.getBean(RpcClientOptions.class).interceptors()).singleElement()
                    .isNotInstanceOf(ObservationClientInterceptor.class);
        });
    }

    @Test
    void shouldLeaveTheServerUnobservedWhenSwitchedOff() {
        contextRunner().withPropertyValues("rpc.server.observations.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ObservationServerInterceptor.class)
                    .hasSingleBean(ObservationClientInterceptor.class);
            assertThat(context.getBean(RpcServerFactory.class).create().options().interceptors()).singleElement()
                    .isNotInstanceOf(ObservationServerInterceptor.class);
        });
    }

    @Test
    void shouldBackOffWhenTheUserDefinesTheInterceptor() {
        contextRunner().withUserConfiguration(UserObservationConfiguration.class).run(context -> assertThat(context)
                .getBeans(ObservationClientInterceptor.class).containsOnlyKeys("userObservation"));
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceConfiguration {

        @Bean
        DefaultGreetingService greetingService() {
            return new DefaultGreetingService(new Gate());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnInterceptorsConfiguration {

        @Bean
        @Order(1)
        ClientInterceptor ownClientInterceptor() {
            return (call, next) -> next.proceed(call);
        }

        @Bean
        @Order(1)
        ServerInterceptor ownServerInterceptor() {
            return (call, next) -> next.proceed(call);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserObservationConfiguration {

        @Bean
        ObservationClientInterceptor userObservation(ObservationRegistry registry) {
            return new ObservationClientInterceptor(registry, null);
        }
    }
}
