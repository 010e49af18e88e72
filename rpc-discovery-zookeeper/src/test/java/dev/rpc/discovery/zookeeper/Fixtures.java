package dev.rpc.discovery.zookeeper;

import java.time.Duration;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.ServiceDiscovery;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** ZooKeeper servers, discoveries and clients with the short timeouts that keep the tests fast. */
final class Fixtures {

    /** Server tick; sessions may then last from 250 ms to 5 s. */
    static final int TICK_MILLIS = 250;

    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);

    static final String TALLY = Tally.class.getName();

    private Fixtures() {
    }

    static InstanceSpec spec() {
        return new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MILLIS, -1);
    }

    static TestingServer zooKeeper() throws Exception {
        return new TestingServer(spec(), true);
    }

    static ZooKeeperDiscoveryOptions.Builder options(String connectString) {
        return ZooKeeperDiscoveryOptions.builder(connectString).sessionTimeout(SESSION_TIMEOUT)
                .connectionTimeout(Duration.ofSeconds(2));
    }

    static ZooKeeperServiceDiscovery discovery(String connectString) {
        return ZooKeeperServiceDiscovery.create(options(connectString).build());
    }

    static RpcClient client(ServiceDiscovery discovery) {
        return RpcClient.create(RpcClientOptions.builder().ioThreads(1).discovery(discovery)
                .defaultTimeout(Duration.ofSeconds(5)).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(500))
                .build());
    }

    static Tally tally(RpcClient client) {
        return client.proxy(Tally.class, ReferenceOptions.discovered().build());
    }

    /** A plain Curator client, for tests that read or write znodes themselves. */
    static CuratorFramework curator(String connectString) throws InterruptedException {
        return started(CuratorFrameworkFactory.newClient(connectString, 3000, 2000, new RetryOneTime(100)), connectString);
    }

    /** A plain Curator client authenticated with ZooKeeper's digest scheme, creating znodes with ZooKeeper's open ACL. */
    static CuratorFramework curator(String connectString, String username, String password) throws InterruptedException {
        return started(CuratorFrameworkFactory.builder().connectString(connectString).sessionTimeoutMs(3000)
                .connectionTimeoutMs(2000).retryPolicy(new RetryOneTime(100))
                .authorization("digest", (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .build(), connectString);
    }

    private static CuratorFramework started(CuratorFramework curator, String connectString) throws InterruptedException {
        curator.start();
        if (!curator.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)) {
            curator.close();
            throw new IllegalStateException("test client could not connect to " + connectString);
        }
        return curator;
    }
}
