package dev.rpc.spring.boot.test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rpc.core.client.AddressConnections;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.core.transport.Transport;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import dev.rpc.spring.boot.test.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.test.fixtures.Greeter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * The first pattern: an application that both serves and calls a service is tested whole, its reference served by
 * its own {@code @RpcService} bean in the JVM, although its configuration names a remote address and ZooKeeper.
 */
@SpringBootTest(classes = AutoConfigureTestRpcTransportTests.ShopApplication.class, properties = {
        "rpc.client.services.GreetingService.address=greetings.example.invalid:9090",
        "rpc.discovery.zookeeper.connect-string=zookeeper.example.invalid:2181",
        "rpc.discovery.zookeeper.connection-timeout=1s" })
@AutoConfigureTestRpcTransport
class AutoConfigureTestRpcTransportTests {

    @Autowired
    private Greeter greeter;

    @Autowired
    private DefaultGreetingService service;

    @Autowired
    private AtomicInteger servedCalls;

    @Autowired
    private RpcServerLifecycle lifecycle;

    @Autowired
    private RpcClient client;

    @Autowired
    private Environment environment;

    @Autowired
    private ApplicationContext context;

    @Test
    void everyCallModeOfAReferenceIsServedByTheContextsOwnServiceThroughTheServer() throws Exception {
        assertThat(this.greeter.welcome("ann")).isEqualTo("hello ann over RPC");
        CompletableFuture<String> later = this.greeter.greetings().greetLater("bob").thenApply(greeting -> greeting.text());
        assertThat(later.get()).isEqualTo("hello bob over RPC");
        this.greeter.greetings().remember("cid");
        await().atMost(Duration.ofSeconds(10)).until(() -> this.service.remembered.contains("cid"));

        assertThat(RpcClient.isProxy(this.greeter.greetings())).isTrue();
        assertThat(this.servedCalls).hasValueGreaterThanOrEqualTo(3);
    }

    @Test
    void aResultTypeThatCannotTravelFailsAsItWouldOverTcp() {
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> this.greeter.greetings().adopt())
                .satisfies(failure -> assertThat(failure.status()).isEqualTo(RpcStatus.INTERNAL))
                .withMessageContaining("the result has a type that cannot be read");
    }

    @Test
    void theServerListensInTheJvmOnlyAndTheConfiguredAddressIsNeverDialled() {
        this.greeter.welcome("dan");
        RpcServer server = this.lifecycle.getServer();

        assertThat(server.options().transport()).isEqualTo(Transport.IN_JVM);
        assertThat(this.client.options().transport()).isEqualTo(Transport.IN_JVM);
        assertThat(this.environment.getProperty(RpcServerLifecycle.PORT_PROPERTY)).isNull();
        assertThat(this.client.addresses()).extracting(AddressConnections::address)
                .containsExactly(InetSocketAddress.createUnresolved("localhost", server.port()));
        assertThatIOException().isThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
            }
        });
    }

    @Test
    void theZooKeeperConfigurationIsOverridden() {
        assertThat(this.context.getBeansOfType(ServiceDiscovery.class)).isEmpty();
        assertThat(this.client.options().discovery()).isNull();
        assertThat(this.lifecycle.getServer().options().discovery()).isNull();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {

        @Bean
        DefaultGreetingService greetingService() {
            return new DefaultGreetingService();
        }

        @Bean
        Greeter greeter() {
            return new Greeter();
        }

        @Bean
        AtomicInteger servedCalls() {
            return new AtomicInteger();
        }

        @Bean
        ServerInterceptor countingInterceptor(AtomicInteger servedCalls) {
            return (call, next) -> {
                servedCalls.incrementAndGet();
                return next.proceed(call);
            };
        }
    }
}
