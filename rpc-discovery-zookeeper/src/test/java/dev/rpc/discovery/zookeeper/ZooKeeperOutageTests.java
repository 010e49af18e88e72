package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ZooKeeper goes away, sessions expire: calls go on against the last known providers, registrations come back. */
class ZooKeeperOutageTests {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static final String PROVIDERS = "/rpc/services/" + Fixtures.TALLY + "/providers";

    private final Ledger ledger = new Ledger();

    private final List<Provider> providers = new ArrayList<>();

    private final Set<String> lost = ConcurrentHashMap.newKeySet();

    private TestingServer zooKeeper;

    private ZooKeeperServiceDiscovery clientDiscovery;

    private RpcClient client;

    private ProviderView view;

    private Provider a;

    private Provider b;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = Fixtures.zooKeeper();
        clientDiscovery = Fixtures.discovery(zooKeeper.getConnectString());
        recordLost("client", clientDiscovery);
        client = Fixtures.client(clientDiscovery);
        view = clientDiscovery.watch(Fixtures.TALLY);
        a = provider("a");
        b = provider("b");
        await().atMost(LIMIT).until(() -> view.providers().size() == 2);
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
        recordLost(name, provider.discovery);
        return provider;
    }

    private void recordLost(String name, ZooKeeperServiceDiscovery discovery) {
        discovery.curator().getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.LOST) {
                lost.add(name);
            }
        });
    }

    @Test
    void callsGoOnWhileZooKeeperIsDownAndRegistrationsComeBackAfterTheSessionsExpired() throws Exception {
        long sessionA = a.sessionId();
        long sessionB = b.sessionId();
        List<ServiceInstance> known = view.providers();
        LoadRun.Figures figures;
        long duringOutage;
        try (LoadRun load = LoadRun.start(Fixtures.tally(client), view, ledger, 4, 200)) {
            load.awaitMoreCalls(300, LIMIT);

            zooKeeper.stop();
            long beforeOutage = load.completed();
            // beyond the session timeout: every ZooKeeper client gives its session up as LOST
            await().atMost(LIMIT).until(() -> lost.containsAll(Set.of("client", "a", "b")));
            load.awaitMoreCalls(300, LIMIT);
            duringOutage = load.completed() - beforeOutage;
            assertThat(view.providers()).as("the last known providers, the very same list").isSameAs(known);

            zooKeeper.restart();
            // both providers are back under new sessions; the old sessions are still on the server until they
            // expire there, so their entries were replaced, not left to vanish later
            await().atMost(LIMIT).untilAsserted(() -> {
                assertThat(a.sessionId()).isNotEqualTo(sessionA);
                assertThat(b.sessionId()).isNotEqualTo(sessionB);
                assertThat(owner(a)).isEqualTo(a.sessionId());
                assertThat(owner(b)).isEqualTo(b.sessionId());
            });
            // past the old sessions' expiry on the server: the providers stay in view all along
            await().during(Fixtures.SESSION_TIMEOUT.plusSeconds(1)).atMost(Fixtures.SESSION_TIMEOUT.plusSeconds(5))
                    .until(() -> view.providers().size() == 2);
            load.awaitMoreCalls(300, LIMIT);
            figures = load.stop();
        }
        figures.print("2 providers under load (4 threads); ZooKeeper stopped until every session was lost ("
                + duringOutage + " calls meanwhile), then restarted").assertConsistent();
        assertThat(figures.failed()).isEmpty();
        assertThat(duringOutage).isGreaterThanOrEqualTo(300);
        assertThat(figures.spread()).containsOnlyKeys("a", "b");
    }

    @Test
    void providerWhoseSessionExpiresRegistersAgainAndNoCallFails() throws Exception {
        long before = a.sessionId();
        LoadRun.Figures figures;
        try (LoadRun load = LoadRun.start(Fixtures.tally(client), view, ledger, 2, 200)) {
            load.awaitMoreCalls(200, LIMIT);
            KillSession.kill(a.discovery.curator().getZookeeperClient().getZooKeeper());
            await().atMost(LIMIT).untilAsserted(() -> {
                assertThat(a.sessionId()).isNotEqualTo(before);
                assertThat(owner(a)).isEqualTo(a.sessionId());
            });
            await().atMost(LIMIT).until(() -> view.providers().size() == 2);
            load.awaitMoreCalls(300, LIMIT);
            figures = load.stop();
        }
        figures.print("2 providers under load (2 threads); a's session expired").assertConsistent();
        assertThat(figures.failed()).isEmpty();
        assertThat(figures.spread()).containsOnlyKeys("a", "b");
    }

    private long owner(Provider provider) throws Exception {
        CuratorFramework curator = provider.discovery.curator();
        Stat stat = curator.checkExists().forPath(PROVIDERS + "/127.0.0.1:" + provider.port());
        return stat == null ? -1 : stat.getEphemeralOwner();
    }
}
