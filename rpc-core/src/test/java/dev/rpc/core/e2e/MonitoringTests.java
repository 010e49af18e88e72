package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rpc.core.client.AddressConnections;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.InMemoryDiscovery;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RefusalReason;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The read-only counters and snapshots that monitoring reads: calls refused by reason on the server; connections per
 * address, reconnects, failed attempts and failovers on the client.
 */
class MonitoringTests {

    private final InventoryService inventory = new InventoryService();

    private RpcServer server;

    private RpcServer replacement;

    private RpcClient client;

    @AfterEach
    void stop() {
        inventory.gates.values().forEach(java.util.concurrent.CountDownLatch::countDown);
        if (client != null) {
            client.close();
        }
        for (RpcServer started : new RpcServer[] { server, replacement }) {
            if (started != null) {
                started.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    private RpcServer start(RpcServerOptions.Builder options) {
        return RpcServer.create(options.bindAddress("127.0.0.1").build()).export(Inventory.class, inventory).start();
    }

    private RpcClient client() {
        return RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(10))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build());
    }

    @Test
    void callsOverTheConnectionLimitAreCountedAsSuch() {
        server = start(RpcServerOptions.builder().port(0).maxConcurrentCallsPerConnection(1));
        client = client();
        Inventory proxy = client.proxy(Inventory.class, ReferenceOptions.to(server.localAddress()).build());
        CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> proxy.await("held"));
        await().until(() -> inventory.waiting.get() == 1);

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> proxy.echo("over the limit"))
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED));

        assertThat(server.refusedCalls(RefusalReason.CONNECTION_LIMIT)).isEqualTo(1);
        assertThat(server.refusedCalls(RefusalReason.QUEUE_FULL)).isZero();
        inventory.open("held");
        assertThat(held.join()).isEqualTo("held");
    }

    @Test
    void callsOfAnUnknownServiceAreCountedAsNotFound() {
        server = start(RpcServerOptions.builder().port(0));
        client = client();
        Billing billing = client.proxy(Billing.class, ReferenceOptions.to(server.localAddress()).build());

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> billing.invoice("o-1"))
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.NOT_FOUND));

        assertThat(server.refusedCalls(RefusalReason.NOT_FOUND)).isEqualTo(1);
    }

    @Test
    void busyWorkersAndQueuedCallsAreReadFromTheDefaultExecutor() {
        server = start(RpcServerOptions.builder().port(0));
        client = client();
        Inventory proxy = client.proxy(Inventory.class, ReferenceOptions.to(server.localAddress()).build());
        CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> proxy.await("busy"));

        await().until(() -> server.busyWorkers() == 1);
        assertThat(server.queuedCalls()).isZero();
        assertThat(server.callsInFlight()).isEqualTo(1);
        inventory.open("busy");
        held.join();
        await().until(() -> server.busyWorkers() == 0);
    }

    @Test
    void anAddressShowsItsOpenConnectionAndCountsAReconnectAfterTheServerCameBack() {
        server = start(RpcServerOptions.builder().port(0));
        int port = server.port();
        client = client();
        Inventory proxy = client.proxy(Inventory.class, ReferenceOptions.to(server.localAddress()).build());
        proxy.echo("first");
        assertThat(client.addresses()).singleElement().satisfies(address -> {
            assertThat(address.connections()).isEqualTo(1);
            assertThat(address.open()).isEqualTo(1);
            assertThat(address.reconnects()).isZero();
            assertThat(address.isFailing()).isFalse();
        });

        server.shutdown(Duration.ofSeconds(5));
        await().until(() -> client.openConnections() == 0);
        replacement = start(RpcServerOptions.builder().port(port));
        await().ignoreExceptions().until(() -> proxy.echo("again").equals("again"));

        AddressConnections address = client.addresses().get(0);
        assertThat(address.open()).isEqualTo(1);
        assertThat(address.reconnects()).isEqualTo(1);
    }

    @Test
    void aCallThatGoesOnToAnotherProviderIsCountedAsAFailover() {
        InMemoryDiscovery discovery = new InMemoryDiscovery();
        server = start(RpcServerOptions.builder().port(0).discovery(discovery));
        discovery.add(new ServiceInstance(Inventory.class.getName(), "127.0.0.1", 1, Map.of()));
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).discovery(discovery)
                .defaultTimeout(Duration.ofSeconds(10)).build());
        Inventory proxy = client.proxy(Inventory.class, ReferenceOptions.discovered().build());

        for (int i = 0; i < 4; i++) {
            assertThat(proxy.echo("call " + i)).isEqualTo("call " + i);
        }

        assertThat(client.failovers()).isPositive();
        assertThat(client.addresses()).filteredOn(address -> address.address().getPort() == 1).singleElement()
                .satisfies(address -> {
                    assertThat(address.isFailing()).isTrue();
                    assertThat(address.failedAttempts()).isPositive();
                    assertThat(address.open()).isZero();
                });
    }
}
