package dev.rpc.sample.zookeeper;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** The demo's ZooKeeper: reachable on 127.0.0.1 only, and granting the sessions README promises. */
class DemoZooKeeperTests {

    @TempDir
    File data;

    @Test
    void grantsTheThirtySecondSessionsTheDiscoveryAsksForByDefault() throws Exception {
        try (TestingServer server = DemoZooKeeper.start(InstanceSpec.getRandomPort(), data)) {
            ZooKeeper client = new ZooKeeper(server.getConnectString(), 30_000, event -> {
            });
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> client.getState().isConnected());
                assertThat(client.getSessionTimeout()).isEqualTo(30_000);
            }
            finally {
                client.close();
            }
        }
    }

    @Test
    void acceptsConnectionsOnLoopbackOnly() throws Exception {
        InetAddress external = firstNonLoopbackAddress();
        assumeThat(external).as("a network interface other than loopback").isNotNull();
        int port = InstanceSpec.getRandomPort();
        try (TestingServer server = DemoZooKeeper.start(port, data)) {
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            }
            assertThatIOException().as("connecting through " + external).isThrownBy(() -> {
                try (Socket outside = new Socket()) {
                    outside.connect(new InetSocketAddress(external, port), 5_000);
                }
            });
        }
    }

    private static InetAddress firstNonLoopbackAddress() throws SocketException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
        }
        return null;
    }
}
