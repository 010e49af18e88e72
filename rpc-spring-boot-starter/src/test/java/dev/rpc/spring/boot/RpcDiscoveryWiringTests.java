package dev.rpc.spring.boot;

import java.util.ArrayList;
import java.util.List;

import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.InMemoryDiscovery;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.fixtures.GreetingService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a {@link ServiceDiscovery} bean, servers register their services and references without an address
 * find their providers through it.
 */
class RpcDiscoveryWiringTests {

    private static final InMemoryDiscovery discovery = new InMemoryDiscovery();

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void referencesWithoutAnAddressCallTheRegisteredProviders() {
        ConfigurableApplicationContext first = start(ServerApplication.class, "rpc.server.port=0",
                "rpc.server.address=127.0.0.1", "rpc.server.metadata.zone=eu-1");
        start(ServerApplication.class, "rpc.server.port=0", "rpc.server.address=127.0.0.1");
        List<ServiceInstance> providers = discovery.watch(GreetingService.class.getName()).providers();
        assertThat(providers).hasSize(2);
        assertThat(providers).anySatisfy(instance -> assertThat(instance.metadata()).containsEntry("zone", "eu-1"));

        ConfigurableApplicationContext client = start(ClientApplication.class, "rpc.client.load-balancer=least-in-flight",
                "rpc.client.max-attempts=2", "rpc.client.services.greetings.methods.greet.idempotent=true");
        assertThat(client.getBean(RpcClientOptions.class).maxAttempts()).isEqualTo(2);
        Caller caller = client.getBean(Caller.class);
        for (int i = 0; i < 10; i++) {
            assertThat(caller.greetings.greet("n" + i)).isEqualTo("Hello, n" + i);
        }

        first.close();
        assertThat(discovery.watch(GreetingService.class.getName()).providers()).hasSize(1);
        for (int i = 0; i < 10; i++) {
            assertThat(caller.greetings.greet("m" + i)).isEqualTo("Hello, m" + i);
        }
    }

    private ConfigurableApplicationContext start(Class<?> application, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.io-threads=1", "rpc.client.io-threads=1")
                .properties(properties)
                .run();
        contexts.add(context);
        return context;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServerApplication {

        @Bean(destroyMethod = "") // shared by every context of the test
        ServiceDiscovery discovery() {
            return discovery;
        }

        @Bean
        DefaultGreetingService greetingService() {
            return new DefaultGreetingService(new Gate());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApplication {

        @Bean(destroyMethod = "") // shared by every context of the test
        ServiceDiscovery discovery() {
            return discovery;
        }

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
