package dev.rpc.discovery.zookeeper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestLoginModule;
import org.apache.zookeeper.server.auth.ProviderRegistry;
import org.apache.zookeeper.server.auth.SASLAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * SASL (DIGEST-MD5, through JAAS as ZooKeeper configures it) with {@link ZooKeeperAcl#CREATOR_WRITES}. The JAAS
 * configuration and ZooKeeper's SASL provider are JVM-wide: they are set for this class and put back afterwards.
 */
class ZooKeeperSaslTests {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    private static final String SASL_PROVIDER_KEY = "zookeeper.authProvider.sasl";

    private static final String PROVIDERS = "/rpc/services/" + Fixtures.TALLY + "/providers";

    private static Configuration previousJaas;

    private static Properties systemProperties;

    private final Ledger ledger = new Ledger();

    private TestingServer zooKeeper;

    private CuratorFramework anonymous;

    @BeforeAll
    static void configureSasl() {
        systemProperties = (Properties) System.getProperties().clone();
        try {
            previousJaas = Configuration.getConfiguration();
        }
        catch (SecurityException ex) {
            previousJaas = null;
        }
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                Map<String, String> options = switch (name) {
                    case "Server" -> Map.of("user_providers", "sasl-providers-pw", "user_mallory", "sasl-mallory-pw");
                    case "RpcProviders" -> Map.of("username", "providers", "password", "sasl-providers-pw");
                    case "Mallory" -> Map.of("username", "mallory", "password", "sasl-mallory-pw");
                    default -> null;
                };
                return options == null ? null : new AppConfigurationEntry[] { new AppConfigurationEntry(
                        DigestLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, options) };
            }
        });
        System.setProperty(SASL_PROVIDER_KEY, SASLAuthenticationProvider.class.getName());
        ProviderRegistry.addOrUpdateProvider(SASL_PROVIDER_KEY);
    }

    @AfterAll
    static void restore() {
        ProviderRegistry.removeProvider("sasl");
        Configuration.setConfiguration(previousJaas);
        System.setProperties(systemProperties);
    }

    @BeforeEach
    void start() throws Exception {
        zooKeeper = Fixtures.zooKeeper();
        anonymous = Fixtures.curator(zooKeeper.getConnectString());
    }

    @AfterEach
    void stop() throws Exception {
        anonymous.close();
        zooKeeper.close();
    }

    private ZooKeeperDiscoveryOptions.Builder sasl(String loginContext) {
        return Fixtures.options(zooKeeper.getConnectString()).auth(ZooKeeperAuth.sasl(loginContext));
    }

    @Test
    void providerAuthenticatedWithSaslOwnsItsEntryAndAClientWithoutCredentialsCallsIt() throws Exception {
        try (Provider provider = Provider.start("sasl", sasl("RpcProviders").build(), ledger);
                ZooKeeperServiceDiscovery consumer = Fixtures.discovery(zooKeeper.getConnectString());
                RpcClient client = Fixtures.client(consumer)) {
            String entry = PROVIDERS + "/127.0.0.1:" + provider.port();
            assertThat(anonymous.getACL().forPath(entry)).containsExactlyInAnyOrder(
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                    new ACL(ZooDefs.Perms.ALL, new Id("sasl", "providers")));
            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.create()
                    .forPath(PROVIDERS + "/10.6.6.6:6666", "{\"host\":\"10.6.6.6\",\"port\":6666}".getBytes(StandardCharsets.UTF_8)));
            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.delete().forPath(entry));

            ProviderView view = consumer.watch(Fixtures.TALLY);
            await().atMost(LIMIT).until(() -> view.providers().size() == 1);
            assertThat(Fixtures.tally(client).record(1, 0)).isEqualTo("sasl");
        }
    }

    @Test
    void anotherSaslIdentityCannotRegisterUnderTheProvidersZnodes() {
        try (Provider provider = Provider.start("sasl", sasl("RpcProviders").build(), ledger);
                ZooKeeperServiceDiscovery mallory = ZooKeeperServiceDiscovery.create(sasl("Mallory").build())) {
            assertThatExceptionOfType(ZooKeeperAccessException.class)
                    .isThrownBy(() -> mallory.register(new ServiceInstance(Fixtures.TALLY, "10.6.6.6", 6666, Map.of())))
                    .withMessageContaining("refused registering " + PROVIDERS + "/10.6.6.6:6666 (NOAUTH)")
                    .withMessageContaining("SASL (JAAS section 'Mallory')");
        }
    }

    @Test
    void missingJaasSectionFailsAtOnceNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperServiceDiscovery.create(sasl("Nowhere").build()))
                .withMessage("ZooKeeper SASL needs the section 'Nowhere' in the JAAS configuration, which has none: point "
                        + "-Djava.security.auth.login.config at a file that has it");
    }
}
