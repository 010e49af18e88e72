package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcStatus;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real RPC servers register in a real (in-process) ZooKeeper; a client finds them there, spreads calls over them,
 * and loses none when one stops gracefully or dies.
 */
class FailoverOverZooKeeperTests {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final Ledger ledger = new Ledger();

    private final List<Provider> providers = new ArrayList<>();

    private TestingServer zooKeeper;

    private ZooKeeperServiceDiscovery clientDiscovery;

    private RpcClient client;

    private Tally tally;

    private ProviderView view;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = Fixtures.zooKeeper();
        clientDiscovery = Fixtures.discovery(zooKeeper.getConnectString());
        client = Fixtures.client(clientDiscovery);
        tally = Fixtures.tally(client);
        view = clientDiscovery.watch(Fixtures.TALLY);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        providers.forEach(Provider::close);
        clientDiscovery.close();
        zooKeeper.close();
    }

    private Provider provider(String name) {
        Provider provider = Provider.start(name, Fixtures.options(zooKeeper.getConnectString()).build(), ledger);
        providers.add(provider);
        return provider;
    }

    private void awaitView(Provider... expected) {
        List<Integer> ports = java.util.Arrays.stream(expected).map(Provider::port).toList();
        await().atMost(LIMIT).untilAsserted(() -> assertThat(view.providers()).extracting(ServiceInstance::port)
                .containsExactlyInAnyOrderElementsOf(ports));
    }

    @Test
    void callsSpreadOverTwoThenThreeProvidersAndNoneIsLostWhenOneStopsGracefullyAndAnotherDies() throws Exception {
        Provider a = provider("a");
        Provider b = provider("b");
        awaitView(a, b);

        Map<String, Integer> two = callInTurn(200);
        System.out.printf("[figures] 2 providers, 200 sequential calls: spread=%s%n", two);
        assertThat(two).containsOnlyKeys("a", "b").allSatisfy((name, count) -> assertThat(count).isBetween(90, 110));

        Provider c = Provider.startCrashable("c", Fixtures.options(zooKeeper.getConnectString()).build(), ledger);
        providers.add(c);
        awaitView(a, b, c);
        Map<String, Integer> three = callInTurn(300);
        System.out.printf("[figures] 3 providers, 300 sequential calls: spread=%s%n", three);
        assertThat(three).containsOnlyKeys("a", "b", "c").allSatisfy((name, count) -> assertThat(count).isBetween(90, 110));

        LoadRun.Figures figures;
        long beforeCrash;
        long listedWhileDead;
        try (LoadRun load = LoadRun.start(tally, view, ledger, 4, 1000)) {
            load.awaitMoreCalls(300, LIMIT);
            b.stopGracefully();
            awaitView(a, c);
            load.awaitMoreCalls(300, LIMIT);
            load.workMicros(50_000); // long calls, so that c surely has some running when it dies
            await().atMost(LIMIT).until(() -> c.server.callsInFlight() >= 2);
            c.crash(); // c dies with calls in flight, and stays registered until its session ends
            load.workMicros(1000);
            beforeCrash = load.completed();
            load.awaitMoreCalls(300, LIMIT);
            listedWhileDead = load.completed() - beforeCrash;
            c.endSession();
            awaitView(a);
            load.awaitMoreCalls(300, LIMIT);
            figures = load.stop();
        }
        figures.print("3 providers under load (4 threads): b stopped gracefully; c crashed, listed for "
                + listedWhileDead + " more calls, then its session ended").assertConsistent();

        assertThat(figures.spread()).containsKeys("a", "b", "c");
        for (LoadRun.Call call : figures.calls()) {
            for (Provider gone : List.of(b, c)) {
                if (!call.portsInView().contains(gone.port())) {
                    assertThat(ledger.executionsOf(call.id())).as("call %d was made after the client saw %s go", call.id(),
                            gone.name).doesNotContain(gone.name);
                }
            }
        }
        // the graceful stop costs no call; the crash may cost the calls c had in flight, each reported as such;
        // calls sent to c while it was dead but listed could not connect, so went to a
        assertThat(figures.failed()).hasSizeLessThanOrEqualTo(4).allSatisfy(call -> {
            assertThat(call.failure().status()).isEqualTo(RpcStatus.UNAVAILABLE);
            assertThat(call.failure().executionState()).isEqualTo(ExecutionState.UNKNOWN);
            assertThat(call.portsInView()).contains(c.port());
        });
    }

    @Test
    void providerAddedAtRunTimeStartsReceivingCalls() throws Exception {
        Provider a = provider("a");
        awaitView(a);
        LoadRun.Figures figures;
        Provider b;
        try (LoadRun load = LoadRun.start(tally, view, ledger, 2, 100)) {
            load.awaitMoreCalls(200, LIMIT);
            b = provider("b");
            await().atMost(LIMIT).until(() -> b.executions() > 0);
            load.awaitMoreCalls(400, LIMIT);
            figures = load.stop();
        }
        figures.print("1 provider under load (2 threads), then b added").assertConsistent();
        assertThat(figures.failed()).isEmpty();

        List<LoadRun.Call> afterB = figures.calls().stream().filter(call -> call.portsInView().contains(b.port())).toList();
        long onB = afterB.stream().filter(call -> call.provider().equals("b")).count();
        System.out.printf("[figures] after the client saw b: calls=%d on b=%d%n", afterB.size(), onB);
        assertThat(afterB).hasSizeGreaterThanOrEqualTo(300);
        assertThat((double) onB / afterB.size()).isBetween(0.4, 0.6);
    }

    private Map<String, Integer> callInTurn(int calls) {
        Map<String, Integer> spread = new java.util.TreeMap<>();
        for (int i = 0; i < calls; i++) {
            spread.merge(tally.record(-1 - i, 0), 1, Integer::sum);
        }
        return spread;
    }
}
