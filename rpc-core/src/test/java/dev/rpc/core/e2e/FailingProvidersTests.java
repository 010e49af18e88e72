package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.InMemoryDiscovery;
import dev.rpc.core.discovery.LoadBalancer;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Providers that died without deregistering stay listed (until their ZooKeeper session expires, in
 * production): calls skip them while a provider that can be reached is listed, and use them again once they
 * are back. The providers here die by shutting down without withdrawing their entries, which they added to
 * the discovery themselves; afterwards their ports refuse connections, as those of a killed process do.
 */
class FailingProvidersTests {

    private static final String SERVICE = Inventory.class.getName();

    private final InMemoryDiscovery discovery = new InMemoryDiscovery();

    private final List<Provider> providers = new ArrayList<>();

    private RpcClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        providers.forEach(provider -> provider.server.shutdown(Duration.ofSeconds(5)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "round-robin", "least-in-flight" })
    void callsSkipProvidersThatRefuseConnectionsAndSpreadOverTheOthers(String balancer) {
        List<Provider> six = start(6);
        Inventory inventory = proxy(options(balancerNamed(balancer)));
        for (int i = 0; i < 60; i++) {
            inventory.echo("warm-up " + i);
        }
        List<Provider> dead = six.subList(0, 4);
        dead.forEach(Provider::die);
        assertThat(discovery.watch(SERVICE).providers()).hasSize(6);
        Provider first = six.get(4);
        Provider second = six.get(5);
        int firstBefore = first.service.executions.get();
        int secondBefore = second.service.executions.get();

        int failed = 0;
        for (int i = 0; i < 300; i++) {
            try {
                inventory.echo("call " + i);
            }
            catch (RpcException ex) {
                failed++;
            }
        }

        int toFirst = first.service.executions.get() - firstBefore;
        int toSecond = second.service.executions.get() - secondBefore;
        System.out.printf("[figures] %s, 4 of 6 providers dead: %d of 300 calls failed; the two alive ran %d and %d%n",
                balancer, failed, toFirst, toSecond);
        assertThat(failed).isZero();
        assertThat(toFirst + toSecond).isEqualTo(300);
        assertThat(toFirst).isBetween(105, 195);
        assertThat(toSecond).isBetween(105, 195);
    }

    @Test
    void ownBalancerIsOfferedOnlyProvidersThatCanBeReached() {
        List<Provider> six = start(6);
        List<List<ServiceInstance>> offered = new CopyOnWriteArrayList<>();
        LoadBalancer roundRobin = LoadBalancer.roundRobin();
        Inventory inventory = proxy(options((candidates, load) -> {
            offered.add(candidates);
            return roundRobin.choose(candidates, load);
        }));
        six.subList(0, 4).forEach(Provider::die);

        for (int i = 0; i < 100; i++) {
            inventory.echo("call " + i);
        }

        List<ServiceInstance> alive = List.of(six.get(4).instance, six.get(5).instance);
        assertThat(offered.subList(offered.size() - 50, offered.size()))
                .allSatisfy(candidates -> assertThat(candidates).containsExactlyInAnyOrderElementsOf(alive));
    }

    @Test
    void callGoesOnPastEveryProviderItCannotConnectToWithoutUsingUpItsAttempts() {
        List<Provider> six = start(6);
        six.subList(0, 5).forEach(Provider::die);
        Inventory inventory = proxy(options(LoadBalancer.roundRobin()).maxAttempts(1));

        assertThat(inventory.echo("through")).isEqualTo("through");
        assertThat(six.get(5).service.executions).hasValue(1);
    }

    @Test
    void callFailsAtOnceNamingTheServiceWhenEveryListedProviderRefusesConnections() {
        start(6).forEach(Provider::die);
        Inventory inventory = proxy(options(LoadBalancer.roundRobin())
                .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)).defaultTimeout(Duration.ofSeconds(30)));
        assertThatExceptionOfType(RpcException.class).as("the call that finds out").isThrownBy(() -> inventory.echo("first"));

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.echo("second")).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains("no provider of " + SERVICE + " can be reached")
                    .contains("the 6 listed at memory:/" + SERVICE + " all failed their last connection attempt")
                    .contains("cannot connect to 127.0.0.1:")
                    .endsWith("; not sent");
        });
    }

    @Test
    void providerThatComesBackIsUsedAgainWithoutACallFailing() {
        List<Provider> two = start(2);
        Provider dead = two.get(0);
        Provider alive = two.get(1);
        dead.die();
        Inventory inventory = proxy(options(LoadBalancer.roundRobin()));
        for (int i = 0; i < 20; i++) {
            assertThat(inventory.echo("while dead " + i)).isEqualTo("while dead " + i);
        }
        assertThat(alive.service.executions).hasValue(20);

        // the same port: the listed entry is the dead provider's. SO_REUSEADDR lets it be bound again at once;
        // only another process taking this ephemeral port in the meantime could make this fail
        Provider back = provider(dead.instance.port());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(inventory.echo("until back")).isEqualTo("until back");
            assertThat(back.service.executions).hasPositiveValue();
        });
        int backBefore = back.service.executions.get();
        int aliveBefore = alive.service.executions.get();
        for (int i = 0; i < 100; i++) {
            assertThat(inventory.echo("after " + i)).isEqualTo("after " + i);
        }
        assertThat(back.service.executions.get() - backBefore).isEqualTo(50);
        assertThat(alive.service.executions.get() - aliveBefore).isEqualTo(50);
    }

    private List<Provider> start(int count) {
        List<Provider> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Provider provider = provider(0);
            discovery.add(provider.instance);
            started.add(provider);
        }
        return started;
    }

    /** A server not registered by itself, so that shutting it down leaves its entry listed. */
    private Provider provider(int port) {
        InventoryService service = new InventoryService();
        RpcServer server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(port).build())
                .export(Inventory.class, service).start();
        Provider provider = new Provider(service, server, new ServiceInstance(SERVICE, "127.0.0.1", server.port(), Map.of()));
        providers.add(provider);
        return provider;
    }

    private RpcClientOptions.Builder options(LoadBalancer balancer) {
        return RpcClientOptions.builder().discovery(discovery).loadBalancer(balancer)
                .defaultTimeout(Duration.ofSeconds(10)).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private Inventory proxy(RpcClientOptions.Builder options) {
        client = RpcClient.create(options.build());
        return client.proxy(Inventory.class, ReferenceOptions.discovered().build());
    }

    private static LoadBalancer balancerNamed(String name) {
        return name.equals("round-robin") ? LoadBalancer.roundRobin() : LoadBalancer.leastInFlight();
    }

    private record Provider(InventoryService service, RpcServer server, ServiceInstance instance) {

        /** Stops serving and closes its port; its entry stays listed. Waits until clients closed their connections. */
        void die() {
            server.shutdown(Duration.ofSeconds(5));
        }
    }
}
