package dev.rpc.spring.boot.security;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rpc.core.discovery.InMemoryDiscovery;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.spring.boot.fixtures.VaultService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A refused call is not sent to another provider: another provider would refuse it too. */
class RefusalFailoverTests {

    private static final InMemoryDiscovery discovery = new InMemoryDiscovery();

    private static final AtomicInteger callsReceived = new AtomicInteger();

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeEach
    void startTwoProviders() {
        for (int i = 0; i < 2; i++) {
            this.contexts.add(Apps.server(new Class<?>[] { SecuredVaultServer.class, SharedDiscovery.class,
                    CallCounter.class }));
        }
        assertThat(discovery.watch(VaultService.class.getName()).providers()).hasSize(2);
        callsReceived.set(0);
    }

    @AfterEach
    void close() {
        for (int i = this.contexts.size() - 1; i >= 0; i--) {
            this.contexts.get(i).close();
        }
    }

    @Test
    void anUnauthenticatedCallIsNotRetriedOnAnotherProvider() {
        VaultService vault = discoveredVault();

        assertThatExceptionOfType(RpcException.class).isThrownBy(vault::whoAmI)
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.UNAUTHENTICATED));
        assertThat(callsReceived).hasValue(1);
    }

    @Test
    void aCallPermissionIsDeniedIsNotRetriedOnAnotherProvider() {
        VaultService vault = discoveredVault(Apps.basic("alice", "alice-pw"));

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> vault.restock("A-1"))
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.PERMISSION_DENIED));
        assertThat(callsReceived).hasValue(1);
    }

    private VaultService discoveredVault(String... properties) {
        ConfigurableApplicationContext client = new SpringApplicationBuilder(VaultClient.class, SharedDiscovery.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1", "rpc.client.max-attempts=3")
                .properties(properties)
                .run();
        this.contexts.add(client);
        return Apps.vault(client);
    }

    @Configuration(proxyBeanMethods = false)
    static class SharedDiscovery {

        @Bean(destroyMethod = "") // shared by every context of the test
        ServiceDiscovery discovery() {
            return discovery;
        }
    }

    /** Counts the calls that reach any provider, before their security is checked. */
    @Configuration(proxyBeanMethods = false)
    static class CallCounter {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ServerInterceptor callCounter() {
            return (call, next) -> {
                callsReceived.incrementAndGet();
                return next.proceed(call);
            };
        }
    }
}
