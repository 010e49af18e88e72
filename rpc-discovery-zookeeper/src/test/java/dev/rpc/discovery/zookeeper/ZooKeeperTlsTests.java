package dev.rpc.discovery.zookeeper;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * TLS to ZooKeeper's secure client port: a ZooKeeper whose secure port presents a self-signed certificate (made with
 * the JDK's keytool), trusted only through the discovery's own trust store.
 */
class ZooKeeperTlsTests {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    private static final String TRUST_PASSWORD = "trust-store-pw";

    @TempDir
    static Path stores;

    private static Properties systemProperties;

    private static TestingServer zooKeeper;

    private static String secureConnectString;

    private static Path trustStore;

    private final Ledger ledger = new Ledger();

    @BeforeAll
    static void startZooKeeperWithASecurePort() throws Exception {
        Path serverStore = stores.resolve("zookeeper.p12");
        Path certificate = stores.resolve("zookeeper.crt");
        trustStore = stores.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "zookeeper", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", serverStore.toString(), "-storepass", "server-store-pw");
        keytool("-exportcert", "-alias", "zookeeper", "-keystore", serverStore.toString(), "-storepass", "server-store-pw",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "zookeeper", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", TRUST_PASSWORD);

        // ZooKeeper's server turns the keys of its configuration that it does not know into zookeeper.* system
        // properties (ssl.*, serverCnxnFactory): they are put back as they were afterwards
        systemProperties = (Properties) System.getProperties().clone();
        int securePort = InstanceSpec.getRandomPort();
        Map<String, Object> secure = Map.of(
                "secureClientPort", Integer.toString(securePort),
                "serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory",
                "ssl.keyStore.location", serverStore.toString(),
                "ssl.keyStore.password", "server-store-pw",
                "ssl.clientAuth", "none");
        zooKeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, Fixtures.TICK_MILLIS, -1, secure), true);
        secureConnectString = "127.0.0.1:" + securePort;
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        if (zooKeeper != null) {
            zooKeeper.close();
        }
        System.setProperties(systemProperties);
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(stores.toFile(), "keytool.log"))).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool " + arguments[0] + " exit status").isZero();
    }

    private static ZooKeeperTls tls() {
        return ZooKeeperTls.builder().trustStore(trustStore, TRUST_PASSWORD).build();
    }

    @Test
    void providerAndClientOverTlsWithDigestCredentialsRegisterFindAndCall() throws Exception {
        ZooKeeperDiscoveryOptions options = Fixtures.options(secureConnectString).tls(tls())
                .digest("providers", "over-tls-pw").build();
        try (Provider provider = Provider.start("tls", options, ledger);
                ZooKeeperServiceDiscovery consumer = ZooKeeperServiceDiscovery.create(
                        Fixtures.options(secureConnectString).tls(tls()).build());
                RpcClient client = Fixtures.client(consumer)) {
            ZKClientConfig used = consumer.curator().getZookeeperClient().getZooKeeper().getClientConfig();
            assertThat(used.getBoolean(ZKClientConfig.SECURE_CLIENT)).isTrue();
            assertThat(used.getProperty("zookeeper.ssl.trustStore.location")).isEqualTo(trustStore.toString());

            ProviderView view = consumer.watch(Fixtures.TALLY);
            await().atMost(LIMIT).until(() -> view.providers().size() == 1);
            assertThat(Fixtures.tally(client).record(1, 0)).isEqualTo("tls");
        }
    }

    @Test
    void discoveryWithoutTlsCannotUseTheSecurePort() {
        assertThatExceptionOfType(ZooKeeperUnavailableException.class)
                .isThrownBy(() -> ZooKeeperServiceDiscovery.create(ZooKeeperDiscoveryOptions.builder(secureConnectString)
                        .connectionTimeout(Duration.ofSeconds(1)).build()));
    }

    @Test
    void serverCertificateNotInTheTrustStoreIsRefused() {
        // the JVM's default trust store does not know the self-signed certificate
        assertThatExceptionOfType(ZooKeeperUnavailableException.class)
                .isThrownBy(() -> ZooKeeperServiceDiscovery.create(ZooKeeperDiscoveryOptions.builder(secureConnectString)
                        .connectionTimeout(Duration.ofSeconds(1)).tls(ZooKeeperTls.builder().build()).build()));
    }

    @Test
    void trustStoreThatCannotBeReadFailsAtOnceNamingIt() {
        Path missing = stores.resolve("missing.p12");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ZooKeeperServiceDiscovery.create(ZooKeeperDiscoveryOptions.builder(secureConnectString)
                        .tls(ZooKeeperTls.builder().trustStore(missing, "pw").build()).build()))
                .withMessage("ZooKeeper TLS trust store " + missing + " is not a readable file");
    }

    @Test
    void tlsWithoutCredentialsRegistersWithTheOpenAclAsBefore() throws Exception {
        try (ZooKeeperServiceDiscovery discovery = ZooKeeperServiceDiscovery.create(
                Fixtures.options(secureConnectString).basePath("/tls-open").tls(tls()).build());
                CuratorFramework plain = Fixtures.curator(zooKeeper.getConnectString())) {
            discovery.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 7100, Map.of()));
            String entry = "/tls-open/services/" + Fixtures.TALLY + "/providers/127.0.0.1:7100";
            assertThat(plain.getACL().forPath(entry)).isEqualTo(ZooDefs.Ids.OPEN_ACL_UNSAFE);
        }
    }
}
