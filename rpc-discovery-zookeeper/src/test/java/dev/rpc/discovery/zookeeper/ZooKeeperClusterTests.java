package dev.rpc.discovery.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A three-node ZooKeeper ensemble loses its leader: discovery keeps working through the election and after it. */
class ZooKeeperClusterTests {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final Ledger ledger = new Ledger();

    private final List<Provider> providers = new ArrayList<>();

    private TestingCluster cluster;

    private ZooKeeperServiceDiscovery clientDiscovery;

    private RpcClient client;

    private ProviderView view;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestingCluster(List.of(Fixtures.spec(), Fixtures.spec(), Fixtures.spec()));
        cluster.start();
        clientDiscovery = ZooKeeperServiceDiscovery.create(Fixtures.options(cluster.getConnectString())
                .connectionTimeout(Duration.ofSeconds(10)).build());
        client = Fixtures.client(clientDiscovery);
        view = clientDiscovery.watch(Fixtures.TALLY);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        providers.forEach(Provider::close);
        clientDiscovery.close();
        cluster.close();
    }

    private Provider provider(String name) {
        Provider provider = Provider.start(name, Fixtures.options(cluster.getConnectString())
                .connectionTimeout(Duration.ofSeconds(10)).build(), ledger);
        providers.add(provider);
        return provider;
    }

    @Test
    void discoveryKeepsWorkingWhenTheLeaderIsLost() throws Exception {
        Provider a = provider("a");
        Provider b = provider("b");
        await().atMost(LIMIT).until(() -> view.providers().size() == 2);

        LoadRun.Figures figures;
        Provider c;
        InstanceSpec leader;
        try (LoadRun load = LoadRun.start(Fixtures.tally(client), view, ledger, 2, 200)) {
            load.awaitMoreCalls(200, LIMIT);
            leader = await().atMost(LIMIT).until(this::leader, spec -> spec != null);
            assertThat(cluster.killServer(leader)).isTrue();
            await().atMost(LIMIT).until(() -> leader() != null); // a new leader is elected
            load.awaitMoreCalls(300, LIMIT);

            // the ensemble still takes registrations and deregistrations, and the client sees them
            c = provider("c");
            await().atMost(LIMIT).until(() -> c.executions() > 0);
            b.stopGracefully();
            await().atMost(LIMIT).untilAsserted(() -> assertThat(view.providers()).extracting(ServiceInstance::port)
                    .containsExactlyInAnyOrder(a.port(), c.port()));
            load.awaitMoreCalls(300, LIMIT);
            figures = load.stop();
        }
        figures.print("3-node ensemble, 2 providers under load (2 threads); leader " + leader.getPort()
                + " killed, c added, b stopped").assertConsistent();
        assertThat(figures.failed()).isEmpty();
        assertThat(figures.spread()).containsOnlyKeys("a", "b", "c");
    }

    /** Returns the spec of the server that says it leads, or {@code null} (asks each with the srvr command). */
    private InstanceSpec leader() {
        for (InstanceSpec spec : cluster.getInstances()) {
            try (Socket socket = new Socket("127.0.0.1", spec.getPort())) {
                socket.setSoTimeout(2000);
                OutputStream out = socket.getOutputStream();
                out.write("srvr".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                if (answer.contains("Mode: leader")) {
                    return spec;
                }
            }
            catch (IOException ex) {
                // a server that is down or electing: not the leader
            }
        }
        return null;
    }
}
