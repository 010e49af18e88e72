package dev.rpc.spring.boot;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.ClientInterceptor;
import dev.rpc.core.context.CallContext;
import dev.rpc.core.server.ServerCallContext;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.fixtures.TenantService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/** Interceptor beans of both sides are picked up, in their order, and per-service settings reach the proxy. */
class RpcInterceptorWiringTests {

    private ConfigurableApplicationContext server;

    private ConfigurableApplicationContext client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void interceptorBeansOfBothSidesSeeTheCallInTheirOrder() {
        start("rpc.client.services.TenantService.timeout=5s");
        Caller caller = client.getBean(Caller.class);

        assertThat(caller.tenants.tenant()).isEqualTo("acme/checked");
        assertThat(client.getBean(ClientSide.class).seen).containsExactly("first", "second");
    }

    @Test
    void callContextMetadataReachesTheServerThroughTheStarter() throws Exception {
        start("rpc.client.services.TenantService.timeout=5s");
        Caller caller = client.getBean(Caller.class);

        assertThat(CallContext.with("tenant", "globex").call(caller.tenants::tenant)).isEqualTo("globex/checked");
    }

    @Test
    void aServiceMayOptOutOfTheInheritedDeadline() throws Exception {
        start("rpc.client.services.TenantService.timeout=60s", "rpc.client.services.TenantService.inherit-deadline=false");
        Caller caller = client.getBean(Caller.class);

        long remaining = CallContext.ROOT.withDeadlineAfter(Duration.ofSeconds(2)).call(caller.tenants::remainingMillis);

        assertThat(remaining).isGreaterThan(2_000L);
    }

    @Test
    void aServiceInheritsTheDeadlineByDefault() throws Exception {
        start("rpc.client.services.TenantService.timeout=60s");
        Caller caller = client.getBean(Caller.class);

        long remaining = CallContext.ROOT.withDeadlineAfter(Duration.ofSeconds(2)).call(caller.tenants::remainingMillis);

        assertThat(remaining).isBetween(1L, 2_000L);
    }

    private void start(String... clientProperties) {
        server = new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.port=0", "rpc.server.address=127.0.0.1",
                        "rpc.server.io-threads=1")
                .run();
        int port = server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
        client = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1",
                        "rpc.client.services.TenantService.address=127.0.0.1:" + port)
                .properties(clientProperties)
                .run();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServerApplication {

        @Bean
        Tenants tenants() {
            return new Tenants();
        }

        /** Runs second: marks the value the first one set. */
        @Bean
        @Order(2)
        ServerInterceptor checked() {
            return (call, next) -> next.proceed(call.put(TenantService.TENANT, call.get(TenantService.TENANT) + "/checked"));
        }

        /** Runs first: turns the caller's metadata into a value for the method. */
        @Bean
        @Order(1)
        ServerInterceptor tenantFromMetadata() {
            return (call, next) -> next.proceed(call.put(TenantService.TENANT, call.metadata().get("tenant")));
        }
    }

    @RpcService
    static class Tenants implements TenantService {

        @Override
        public String tenant() {
            return ServerCallContext.current().get(TENANT);
        }

        @Override
        public long remainingMillis() {
            return TimeUnit.NANOSECONDS.toMillis(ServerCallContext.current().remainingNanos());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApplication {

        @Bean
        Caller caller() {
            return new Caller();
        }

        @Bean
        ClientSide clientSide() {
            return new ClientSide();
        }

        @Bean
        @Order(2)
        ClientInterceptor second(ClientSide side) {
            return (call, next) -> {
                side.seen.add("second");
                return next.proceed(call);
            };
        }

        @Bean
        @Order(1)
        ClientInterceptor first(ClientSide side) {
            return (call, next) -> {
                side.seen.add("first");
                call.metadata().putIfAbsent("tenant", "acme");
                return next.proceed(call);
            };
        }
    }

    static class Caller {

        @RpcReference
        TenantService tenants;
    }

    @Component
    static class ClientSide {

        final List<String> seen = new CopyOnWriteArrayList<>();
    }
}
