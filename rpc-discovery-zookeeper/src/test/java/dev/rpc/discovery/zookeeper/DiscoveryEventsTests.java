package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.Map;

import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.Registration;
import dev.rpc.core.discovery.ServiceInstance;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a discovery counts and reports for monitoring: providers entering and leaving the views it watches, and its
 * session going from connected to suspended, to lost, and back, while the views keep their providers.
 */
class DiscoveryEventsTests {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private TestingServer zooKeeper;

    private ZooKeeperServiceDiscovery watcher;

    private ZooKeeperServiceDiscovery provider;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = Fixtures.zooKeeper();
        watcher = Fixtures.discovery(zooKeeper.getConnectString());
        provider = Fixtures.discovery(zooKeeper.getConnectString());
    }

    @AfterEach
    void stop() throws Exception {
        provider.close();
        watcher.close();
        zooKeeper.close();
    }

    @Test
    void aProviderThatRegistersAndLeavesIsCountedAsAddedThenRemoved() {
        ProviderView view = watcher.watch(Fixtures.TALLY);
        assertThat(watcher.events(DiscoveryEvent.PROVIDER_ADDED)).isZero();

        Registration registration = provider.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 4711, Map.of()));
        await().atMost(LIMIT).until(() -> watcher.events(DiscoveryEvent.PROVIDER_ADDED) == 1);
        assertThat(view.providers()).hasSize(1);
        assertThat(watcher.events(DiscoveryEvent.PROVIDER_REMOVED)).isZero();

        registration.close();
        await().atMost(LIMIT).until(() -> watcher.events(DiscoveryEvent.PROVIDER_REMOVED) == 1);
        assertThat(watcher.events(DiscoveryEvent.PROVIDER_ADDED)).isEqualTo(1);
        assertThat(provider.events(DiscoveryEvent.PROVIDER_ADDED)).as("only views count providers").isZero();
    }

    @Test
    void theSessionGoesFromSuspendedToLostAndBackWhileTheViewKeepsItsProviders() throws Exception {
        provider.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 4711, Map.of()));
        ProviderView view = watcher.watch(Fixtures.TALLY);
        await().atMost(LIMIT).until(() -> view.providers().size() == 1);
        assertThat(watcher.connectionState()).isEqualTo(ZooKeeperConnectionState.CONNECTED);

        zooKeeper.stop();
        await().atMost(LIMIT).until(() -> watcher.events(DiscoveryEvent.SESSION_SUSPENDED) == 1);
        assertThat(watcher.connectionState()).isIn(ZooKeeperConnectionState.SUSPENDED, ZooKeeperConnectionState.LOST);
        // past the session timeout (3 s), the session is given up
        await().atMost(LIMIT).until(() -> watcher.connectionState() == ZooKeeperConnectionState.LOST);
        assertThat(watcher.events(DiscoveryEvent.SESSION_LOST)).isEqualTo(1);
        assertThat(view.providers()).as("the last known providers stay").hasSize(1);
        assertThat(watcher.events(DiscoveryEvent.PROVIDER_REMOVED)).isZero();

        zooKeeper.restart();
        await().atMost(LIMIT).until(() -> watcher.connectionState() == ZooKeeperConnectionState.CONNECTED);
        assertThat(watcher.events(DiscoveryEvent.SESSION_RECONNECTED)).isEqualTo(1);
        await().atMost(LIMIT).untilAsserted(() -> assertThat(view.providers()).hasSize(1));
    }

    @Test
    void aShortOutageIsASuspensionThatEndsWithoutLosingTheSession() throws Exception {
        long session = watcher.curator().getZookeeperClient().getZooKeeper().getSessionId();

        zooKeeper.stop();
        await().atMost(LIMIT).until(() -> watcher.connectionState() == ZooKeeperConnectionState.SUSPENDED);
        zooKeeper.restart();
        await().atMost(LIMIT).until(() -> watcher.connectionState() == ZooKeeperConnectionState.CONNECTED);

        assertThat(watcher.events(DiscoveryEvent.SESSION_SUSPENDED)).isEqualTo(1);
        assertThat(watcher.events(DiscoveryEvent.SESSION_RECONNECTED)).isEqualTo(1);
        assertThat(watcher.events(DiscoveryEvent.SESSION_LOST)).isZero();
        assertThat(watcher.curator().getZookeeperClient().getZooKeeper().getSessionId()).isEqualTo(session);
    }
}
