package dev.rpc.discovery.zookeeper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.Registration;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Registration, watching, untrusted entries, a service without providers, and startup without ZooKeeper. */
class ZooKeeperServiceDiscoveryTests {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    private static final String PROVIDERS = "/rpc/services/" + Fixtures.TALLY + "/providers";

    private final Ledger ledger = new Ledger();

    private TestingServer zooKeeper;

    private ZooKeeperServiceDiscovery discovery;

    private CuratorFramework raw;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = Fixtures.zooKeeper();
        discovery = Fixtures.discovery(zooKeeper.getConnectString());
        raw = Fixtures.curator(zooKeeper.getConnectString());
    }

    @AfterEach
    void stop() throws Exception {
        raw.close();
        discovery.close();
        zooKeeper.close();
    }

    @Test
    void registrationIsAnEphemeralZnodeNamedHostPortHoldingJsonAndClosingDeletesIt() throws Exception {
        Registration registration = discovery.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 4711,
                Map.of(ServiceInstance.ZONE, "eu-1", ServiceInstance.WEIGHT, "2")));
        String path = PROVIDERS + "/127.0.0.1:4711";

        Stat stat = new Stat();
        byte[] data = raw.getData().storingStatIn(stat).forPath(path);
        assertThat(stat.getEphemeralOwner()).isEqualTo(discovery.curator().getZookeeperClient().getZooKeeper().getSessionId());
        JsonNode json = JsonMapper.builder().build().readTree(data);
        assertThat(json.get("host").stringValue()).isEqualTo("127.0.0.1");
        assertThat(json.get("port").intValue()).isEqualTo(4711);
        assertThat(json.get("metadata").get("zone").stringValue()).isEqualTo("eu-1");
        assertThat(json.get("metadata").get("weight").stringValue()).isEqualTo("2");

        registration.close();
        assertThat(raw.checkExists().forPath(path)).as("deleted once close() returns").isNull();
        registration.close();
    }

    @Test
    void viewKeepsTheSameListUntilTheSetOfProvidersChanges() {
        ProviderView view = discovery.watch(Fixtures.TALLY);
        assertThat(discovery.watch(Fixtures.TALLY)).isSameAs(view);
        assertThat(view.providers()).isEmpty();
        assertThat(view.location()).isEqualTo("ZooKeeper " + zooKeeper.getConnectString() + ", path " + PROVIDERS);

        Registration first = discovery.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 1001, Map.of()));
        await().atMost(LIMIT).until(() -> view.providers().size() == 1);
        List<ServiceInstance> one = view.providers();
        assertThat(view.providers()).isSameAs(one);

        Registration second = discovery.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 1002, Map.of("zone", "b")));
        await().atMost(LIMIT).until(() -> view.providers().size() == 2);
        assertThat(view.providers()).isNotSameAs(one).isSameAs(view.providers())
                .containsExactly(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 1001, Map.of()),
                        new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 1002, Map.of("zone", "b")));
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> view.providers().clear());

        second.close();
        await().atMost(LIMIT).until(() -> view.providers().size() == 1);
        first.close();
        await().atMost(LIMIT).until(() -> view.providers().isEmpty());
    }

    @Test
    void malformedEntriesAreSkippedAndCountedAndTheGoodProviderKeepsServing() throws Exception {
        try (Provider good = Provider.start("good", Fixtures.options(zooKeeper.getConnectString()).build(), ledger);
                RpcClient client = Fixtures.client(discovery)) {
            ProviderView view = discovery.watch(Fixtures.TALLY);
            await().atMost(LIMIT).until(() -> view.providers().size() == 1);
            List<ServiceInstance> before = view.providers();

            write("10.0.0.1:1", "{not json");
            write("10.0.0.2:2", "{\"port\":2}");
            write("10.0.0.3:70000", "{\"host\":\"10.0.0.3\",\"port\":70000}");
            write("10.0.0.4:4", "{\"host\":\"10.0.0.4\",\"port\":4,\"metadata\":{\"pad\":\"" + "x".repeat(20_000) + "\"}}");
            write("10.0.0.5:5", "{\"host\":\"10.0.0.6\",\"port\":5}");
            write("10.0.0.7:7", "[\"10.0.0.7\",7]");
            write("10.0.0.8:8", "");
            write("10.0.0.9:9", "{\"host\":\"10.0.0.9\",\"port\":9,\"metadata\":{\"weight\":3}}");
            raw.create().withMode(CreateMode.PERSISTENT).forPath(PROVIDERS + "/10.0.0.1:1/child", new byte[] {1});

            await().atMost(LIMIT).until(() -> discovery.skippedEntries() == 8);
            System.out.printf("[figures] malformed entries written=8 skipped=%d providers in view=%d%n",
                    discovery.skippedEntries(), view.providers().size());
            assertThat(view.providers()).as("unchanged, the very same list").isSameAs(before);

            Tally tally = Fixtures.tally(client);
            for (int i = 0; i < 50; i++) {
                assertThat(tally.record(i, 0)).isEqualTo("good");
            }

            // an entry that is fixed is used; the count does not move for entries seen before
            raw.setData().forPath(PROVIDERS + "/10.0.0.5:5", "{\"host\":\"10.0.0.5\",\"port\":5}".getBytes(StandardCharsets.UTF_8));
            await().atMost(LIMIT).until(() -> view.providers().size() == 2);
            assertThat(view.providers()).extracting(ServiceInstance::authority).contains("10.0.0.5:5");
            assertThat(discovery.skippedEntries()).isEqualTo(8);
        }
    }

    private void write(String name, String json) throws Exception {
        raw.create().creatingParentsIfNeeded().forPath(PROVIDERS + "/" + name, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void serviceWithoutProvidersFailsAtOnceNamingTheServiceAndTheZooKeeperPath() {
        try (RpcClient client = Fixtures.client(discovery)) {
            Tally tally = client.proxy(Tally.class, ReferenceOptions.discovered().timeout(Duration.ofSeconds(30)).build());
            long started = System.nanoTime();
            assertThatExceptionOfType(RpcException.class).isThrownBy(() -> tally.record(1, 0)).satisfies(ex -> {
                assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
                assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
                assertThat(ex.getMessage()).contains("no provider of " + Fixtures.TALLY)
                        .contains("ZooKeeper " + zooKeeper.getConnectString())
                        .contains(PROVIDERS);
                System.out.println("[figures] no provider: " + ex.getMessage());
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void discoveryCreatedWhileZooKeeperIsDownFailsFastNamingTheConnectString() {
        String connectString = "127.0.0.1:" + InstanceSpec.getRandomPort();
        long started = System.nanoTime();
        assertThatExceptionOfType(ZooKeeperUnavailableException.class)
                .isThrownBy(() -> ZooKeeperServiceDiscovery.create(ZooKeeperDiscoveryOptions.builder(connectString)
                        .connectionTimeout(Duration.ofSeconds(1)).build()))
                .satisfies(ex -> {
                    assertThat(ex.connectString()).isEqualTo(connectString);
                    assertThat(ex.getMessage()).isEqualTo("Cannot reach ZooKeeper at " + connectString + " within PT1S: "
                            + "check that it runs and that the connect string is right, or let the discovery wait for it "
                            + "at startup (ZooKeeperDiscoveryOptions.Builder.waitForZooKeeper)");
                    assertThat(ex.reason()).as("without the advice, for frameworks that configure it otherwise")
                            .isEqualTo("Cannot reach ZooKeeper at " + connectString + " within PT1S");
                });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("[figures] fail fast took %d ms%n", took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void discoveryThatWaitsForZooKeeperWorksOnceItStartsAndFailsAfterItsLimit() throws Exception {
        String deadString = "127.0.0.1:" + InstanceSpec.getRandomPort();
        assertThatExceptionOfType(ZooKeeperUnavailableException.class)
                .isThrownBy(() -> ZooKeeperServiceDiscovery.create(ZooKeeperDiscoveryOptions.builder(deadString)
                        .waitForZooKeeper(Duration.ofMillis(1500)).build()))
                .withMessage("Cannot reach ZooKeeper at " + deadString + " within PT1.5S: check that it runs and that "
                        + "the connect string is right");

        try (TestingServer late = new TestingServer(Fixtures.spec(), false)) {
            CompletableFuture<ZooKeeperServiceDiscovery> waiting = CompletableFuture.supplyAsync(() ->
                    ZooKeeperServiceDiscovery.create(Fixtures.options(late.getConnectString())
                            .waitForZooKeeper(Duration.ofSeconds(20)).build()));
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> !waiting.isDone());
            late.start();
            try (ZooKeeperServiceDiscovery waited = waiting.get(20, TimeUnit.SECONDS)) {
                assertThat(waited.isConnected()).isTrue();
                try (Registration registration = waited.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 1, Map.of()))) {
                    await().atMost(LIMIT).until(() -> waited.watch(Fixtures.TALLY).providers().size() == 1);
                }
            }
        }
    }

    @Test
    void serviceNamesThatCannotBeZnodeNamesAreRefused() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> discovery.watch("a/b"))
                .withMessageContaining("Service name 'a/b' cannot be a ZooKeeper node name");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> discovery.watch(".."));
    }

    @Test
    void closingTheDiscoveryDeregistersEverythingAndRefusesMore() throws Exception {
        ZooKeeperServiceDiscovery other = Fixtures.discovery(zooKeeper.getConnectString());
        other.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 2001, Map.of()));
        other.register(new ServiceInstance("other.Service", "127.0.0.1", 2001, Map.of()));
        assertThat(raw.getChildren().forPath(PROVIDERS)).containsExactly("127.0.0.1:2001");

        other.close();
        assertThat(raw.getChildren().forPath(PROVIDERS)).isEmpty();
        assertThat(raw.getChildren().forPath("/rpc/services/other.Service/providers")).isEmpty();
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> other.watch(Fixtures.TALLY))
                .withMessageContaining("is closed");
    }
}
