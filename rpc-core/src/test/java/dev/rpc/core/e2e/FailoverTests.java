package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.InMemoryDiscovery;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Calls spread over discovered providers, and go elsewhere only when that cannot run a call twice. */
class FailoverTests {

    private final InMemoryDiscovery discovery = new InMemoryDiscovery();

    private final InventoryService first = new InventoryService();

    private final InventoryService second = new InventoryService();

    private RpcServer firstServer;

    private RpcServer secondServer;

    private RpcClient client;

    @BeforeEach
    void start() {
        firstServer = provider(first);
        secondServer = provider(second);
        client = RpcClient.create(RpcClientOptions.builder().discovery(discovery).defaultTimeout(Duration.ofSeconds(10))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build());
    }

    private RpcServer provider(InventoryService service) {
        return RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).discovery(discovery)
                .instanceMetadata(Map.of(ServiceInstance.ZONE, "test")).build())
                .export(Inventory.class, service).start();
    }

    @AfterEach
    void stop() {
        first.gates.values().forEach(java.util.concurrent.CountDownLatch::countDown);
        second.gates.values().forEach(java.util.concurrent.CountDownLatch::countDown);
        client.close();
        firstServer.shutdown(Duration.ofSeconds(5));
        secondServer.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void serversRegisterTheirServicesWhenTheyListen() {
        assertThat(discovery.watch(Inventory.class.getName()).providers())
                .extracting(ServiceInstance::port).containsExactlyInAnyOrder(firstServer.port(), secondServer.port());
        assertThat(discovery.watch(Inventory.class.getName()).providers())
                .allSatisfy(instance -> assertThat(instance.metadata()).containsEntry(ServiceInstance.ZONE, "test"));
    }

    @Test
    void callsAreSpreadOverEveryProvider() {
        Inventory inventory = client.proxy(Inventory.class, ReferenceOptions.discovered().build());
        for (int i = 0; i < 100; i++) {
            assertThat(inventory.echo("call " + i)).isEqualTo("call " + i);
        }
        assertThat(first.executions).hasValue(50);
        assertThat(second.executions).hasValue(50);
    }

    @Test
    void providerThatShutsDownGracefullyStopsReceivingCallsAndLosesNone() throws Exception {
        Inventory inventory = client.proxy(Inventory.class, ReferenceOptions.discovered().build());
        for (int i = 0; i < 10; i++) {
            inventory.echo("before");
        }
        firstServer.shutdown(Duration.ofSeconds(5));
        int firstCount = first.executions.get();
        for (int i = 0; i < 40; i++) {
            assertThat(inventory.echo("after " + i)).isEqualTo("after " + i);
        }
        assertThat(first.executions).hasValue(firstCount);
        assertThat(first.executions.get() + second.executions.get()).isEqualTo(50);
    }

    @Test
    void callThatCouldNotBeSentIsRetriedOnAnotherProvider() {
        discovery.add(new ServiceInstance(Inventory.class.getName(), "127.0.0.1", 1, Map.of()));
        Inventory inventory = client.proxy(Inventory.class, ReferenceOptions.discovered().build());
        for (int i = 0; i < 30; i++) {
            assertThat(inventory.echo("retry " + i)).isEqualTo("retry " + i);
        }
        assertThat(first.executions.get() + second.executions.get()).isEqualTo(30);
    }

    @Test
    void callLostAfterItWasSentIsNotRetriedUnlessIdempotent() throws Exception {
        secondServer.shutdown(Duration.ofSeconds(5));
        Inventory inventory = client.proxy(Inventory.class, ReferenceOptions.discovered().build());
        Inventory idempotent = client.proxy(Inventory.class, ReferenceOptions.discovered().idempotent("awaitAsync").build());
        CompletableFuture<String> plain = inventory.awaitAsync("held");
        CompletableFuture<String> retried = idempotent.awaitAsync("held");
        await().atMost(Duration.ofSeconds(15)).until(() -> first.waiting.get() == 2);
        secondServer = provider(second);
        second.open("held");
        firstServer.shutdown(Duration.ZERO);

        assertThat(plain.handle((value, failure) -> failure).get(15, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(RpcException.class, ex -> {
                    assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
                    assertThat(ex.executionState()).isEqualTo(ExecutionState.UNKNOWN);
                });
        assertThat(retried.get(15, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(second.executions).as("only the idempotent call ran again").hasValue(1);
    }

    @Test
    void serviceWithoutProvidersFailsAtOnceNamingTheServiceAndWhereItWasLookedUp() {
        Billing billing = client.proxy(Billing.class, ReferenceOptions.discovered().timeout(Duration.ofSeconds(30)).build());
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> billing.invoice("o-1")).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains("no provider of " + Billing.class.getName())
                    .contains("memory:/" + Billing.class.getName());
        });
    }

    @Test
    void referenceWithoutAddressNeedsDiscovery() {
        try (RpcClient plain = RpcClient.create(RpcClientOptions.builder().build())) {
            assertThatExceptionOfType(IllegalArgumentException.class)
                    .isThrownBy(() -> plain.proxy(Inventory.class, ReferenceOptions.discovered().build()))
                    .withMessageContaining("has no address and this client has no service discovery");
        }
    }
}
