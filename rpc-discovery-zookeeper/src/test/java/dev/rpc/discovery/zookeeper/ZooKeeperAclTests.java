package dev.rpc.discovery.zookeeper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Digest credentials and {@link ZooKeeperAcl#CREATOR_WRITES} on a real ZooKeeper: only the providers' identity may
 * register, change or remove providers; anyone may read; without credentials nothing changes.
 */
class ZooKeeperAclTests {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    private static final String USER = "providers";

    private static final String PASSWORD = "c0rrect-h0rse-battery";

    private static final String PROVIDERS = "/rpc/services/" + Fixtures.TALLY + "/providers";

    private final Ledger ledger = new Ledger();

    private TestingServer zooKeeper;

    private CuratorFramework anonymous;

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

    private ZooKeeperDiscoveryOptions.Builder secured() {
        return Fixtures.options(zooKeeper.getConnectString()).digest(USER, PASSWORD);
    }

    private static Id providersIdentity() throws Exception {
        return new Id("digest", DigestAuthenticationProvider.generateDigest(USER + ":" + PASSWORD));
    }

    @Test
    void authenticatedProviderRegistersAnEntryAnyoneMayReadAndOnlyItsIdentityMayChange() throws Exception {
        try (ZooKeeperServiceDiscovery discovery = ZooKeeperServiceDiscovery.create(secured().build());
                CuratorFramework owner = Fixtures.curator(zooKeeper.getConnectString(), USER, PASSWORD)) {
            discovery.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 7001, Map.of()));

            List<ACL> expected = List.of(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                    new ACL(ZooDefs.Perms.ALL, providersIdentity()));
            // ZooKeeper hides the password hash from whoever may not administer the znode
            List<ACL> seenByAnyone = List.of(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                    new ACL(ZooDefs.Perms.ALL, new Id("digest", USER + ":x")));
            for (String path : List.of("/rpc", "/rpc/services", "/rpc/services/" + Fixtures.TALLY, PROVIDERS,
                    PROVIDERS + "/127.0.0.1:7001")) {
                assertThat(owner.getACL().forPath(path)).as(path).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(anonymous.getACL().forPath(path)).as(path).containsExactlyInAnyOrderElementsOf(seenByAnyone);
            }
            Stat entry = anonymous.checkExists().forPath(PROVIDERS + "/127.0.0.1:7001");
            assertThat(entry.getEphemeralOwner()).isEqualTo(discovery.curator().getZookeeperClient().getZooKeeper().getSessionId());
            assertThat(anonymous.checkExists().forPath("/rpc").getEphemeralOwner()).as("/rpc is persistent").isZero();
            assertThat(anonymous.checkExists().forPath("/rpc/services").getEphemeralOwner()).as("persistent").isZero();
        }
    }

    @Test
    void unauthenticatedWriterCannotAddAProviderEntryNorAService() throws Exception {
        try (Provider provider = Provider.start("real", secured().build(), ledger)) {
            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.create()
                    .withMode(CreateMode.EPHEMERAL).forPath(PROVIDERS + "/10.6.6.6:6666", entry("10.6.6.6", 6666)));
            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.create()
                    .forPath("/rpc/services/evil.Service"));
            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.create()
                    .forPath("/rpc/elsewhere"));

            assertThat(anonymous.getChildren().forPath(PROVIDERS)).containsExactly("127.0.0.1:" + provider.port());
            assertThat(anonymous.getChildren().forPath("/rpc/services")).containsExactly(Fixtures.TALLY);
        }
    }

    @Test
    void unauthenticatedWriterCannotDeleteChangeOrReAclAnEntry() throws Exception {
        try (Provider provider = Provider.start("real", secured().build(), ledger)) {
            String entry = PROVIDERS + "/127.0.0.1:" + provider.port();
            byte[] before = anonymous.getData().forPath(entry);

            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.delete().forPath(entry));
            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.setData()
                    .forPath(entry, entry("10.6.6.6", provider.port())));
            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.setACL()
                    .withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(entry));
            assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> anonymous.setACL()
                    .withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(PROVIDERS));

            assertThat(anonymous.getData().forPath(entry)).isEqualTo(before);
        }
    }

    @Test
    void anotherIdentityOrTheRightUserWithAWrongPasswordIsRefusedToo() throws Exception {
        try (Provider provider = Provider.start("real", secured().build(), ledger);
                CuratorFramework mallory = Fixtures.curator(zooKeeper.getConnectString(), "mallory", "pw");
                CuratorFramework guesser = Fixtures.curator(zooKeeper.getConnectString(), USER, "guess")) {
            String entry = PROVIDERS + "/127.0.0.1:" + provider.port();
            for (CuratorFramework writer : List.of(mallory, guesser)) {
                assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> writer.create()
                        .forPath(PROVIDERS + "/10.6.6.6:6666", entry("10.6.6.6", 6666)));
                assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> writer.delete().forPath(entry));
                assertThatExceptionOfType(KeeperException.NoAuthException.class).isThrownBy(() -> writer.setData()
                        .forPath(entry, entry("10.6.6.6", 6666)));
            }
            assertThat(anonymous.getChildren().forPath(PROVIDERS)).containsExactly("127.0.0.1:" + provider.port());
        }
    }

    @Test
    void providerWithoutCredentialsFailsToStartNamingItsEntry() throws Exception {
        try (Provider real = Provider.start("real", secured().build(), ledger)) {
            assertThatExceptionOfType(ZooKeeperAccessException.class)
                    .isThrownBy(() -> Provider.start("rogue", Fixtures.options(zooKeeper.getConnectString()).build(), ledger))
                    .satisfies(ex -> {
                        assertThat(ex.path()).startsWith(PROVIDERS + "/127.0.0.1:");
                        assertThat(ex.getMessage()).contains("refused registering " + ex.path() + " (NOAUTH)")
                                .contains("this discovery has no credentials");
                    });
            assertThat(anonymous.getChildren().forPath(PROVIDERS)).containsExactly("127.0.0.1:" + real.port());
        }
    }

    @Test
    void providerWithAWrongPasswordCannotRegisterAndTheMessageNeverShowsThePassword() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.rpc");
        logs.start();
        logger.addAppender(logs);
        try (Provider real = Provider.start("real", secured().build(), ledger);
                ZooKeeperServiceDiscovery wrong = ZooKeeperServiceDiscovery.create(Fixtures.options(zooKeeper.getConnectString())
                        .digest(USER, "wr0ng-" + PASSWORD).build())) {
            // an existing service, and a new one whose znodes the wrong identity would have to create
            for (String service : List.of(Fixtures.TALLY, "other.Service")) {
                String path = "/rpc/services/" + service + "/providers/127.0.0.1:7002";
                assertThatExceptionOfType(ZooKeeperAccessException.class)
                        .isThrownBy(() -> wrong.register(new ServiceInstance(service, "127.0.0.1", 7002, Map.of())))
                        .satisfies(ex -> {
                            assertThat(ex.path()).isEqualTo(path);
                            assertThat(ex.getMessage()).contains("refused registering " + path + " (NOAUTH)")
                                    .contains("authenticates with digest user '" + USER + "'").doesNotContain(PASSWORD);
                        });
                assertThat(anonymous.checkExists().forPath(path)).isNull();
            }
            assertThat(wrong.options().toString()).contains("digest user '" + USER + "'").doesNotContain(PASSWORD);
        }
        finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(PASSWORD));
        assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("authenticated with digest user '" + USER + "'"));
    }

    @Test
    void clientWithoutCredentialsFindsTheAuthenticatedProviderAndCallsIt() {
        try (Provider provider = Provider.start("secured", secured().build(), ledger);
                ZooKeeperServiceDiscovery consumer = Fixtures.discovery(zooKeeper.getConnectString());
                RpcClient client = Fixtures.client(consumer)) {
            ProviderView view = consumer.watch(Fixtures.TALLY);
            await().atMost(LIMIT).until(() -> view.providers().size() == 1);
            assertThat(view.providers().get(0).port()).isEqualTo(provider.port());
            Tally tally = Fixtures.tally(client);
            for (int i = 0; i < 10; i++) {
                assertThat(tally.record(i, 0)).isEqualTo("secured");
            }
            assertThat(provider.executions()).isEqualTo(10);
        }
    }

    @Test
    void basePathAnyoneMayWriteIsRefusedAtStartup() throws Exception {
        // planted before the providers' first start, or left by a deployment without credentials
        anonymous.create().creatingParentsIfNeeded().forPath(PROVIDERS + "/10.6.6.6:6666", entry("10.6.6.6", 6666));

        assertThatExceptionOfType(ZooKeeperAccessException.class)
                .isThrownBy(() -> ZooKeeperServiceDiscovery.create(secured().build()))
                .satisfies(ex -> {
                    assertThat(ex.path()).isEqualTo("/rpc");
                    assertThat(ex.getMessage()).startsWith("ZooKeeper znode /rpc lets anyone who can reach ZooKeeper "
                            + "change it (world:anyone may create, delete, write, admin)")
                            .contains("deleteall /rpc");
                });
    }

    @Test
    void serviceZnodeAnyoneMayWriteIsRefusedEvenUnderALockedBasePath() throws Exception {
        // a base path locked by hand (setAcl) over znodes that a deployment without credentials created
        try (CuratorFramework owner = Fixtures.curator(zooKeeper.getConnectString(), USER, PASSWORD)) {
            List<ACL> locked = ZooKeeperAcl.CREATOR_WRITES.acl();
            owner.create().withACL(locked).forPath("/rpc");
            owner.create().withACL(locked).forPath("/rpc/services");
            owner.create().withMode(CreateMode.CONTAINER).withACL(locked).forPath("/rpc/services/" + Fixtures.TALLY);
            owner.create().withMode(CreateMode.CONTAINER).forPath(PROVIDERS);
            owner.create().forPath(PROVIDERS + "/10.6.6.6:6666", entry("10.6.6.6", 6666));
        }

        assertThatExceptionOfType(ZooKeeperAccessException.class)
                .isThrownBy(() -> ZooKeeperServiceDiscovery.create(secured().build()))
                .satisfies(ex -> assertThat(ex.path()).isEqualTo(PROVIDERS));
    }

    @Test
    void withoutCredentialsZnodesKeepZooKeepersOpenAclAsBefore() throws Exception {
        try (ZooKeeperServiceDiscovery discovery = Fixtures.discovery(zooKeeper.getConnectString())) {
            assertThat(discovery.options().auth()).isNull();
            assertThat(discovery.options().acl()).isEqualTo(ZooKeeperAcl.OPEN);
            discovery.register(new ServiceInstance(Fixtures.TALLY, "127.0.0.1", 7003, Map.of()));

            for (String path : List.of("/rpc", "/rpc/services", PROVIDERS, PROVIDERS + "/127.0.0.1:7003")) {
                assertThat(anonymous.getACL().forPath(path)).as(path).isEqualTo(ZooDefs.Ids.OPEN_ACL_UNSAFE);
            }
            anonymous.create().forPath(PROVIDERS + "/127.0.0.1:7004", entry("127.0.0.1", 7004));
            await().atMost(LIMIT).until(() -> discovery.watch(Fixtures.TALLY).providers().size() == 2);
        }
    }

    private static byte[] entry(String host, int port) {
        return ("{\"host\":\"" + host + "\",\"port\":" + port + "}").getBytes(StandardCharsets.UTF_8);
    }
}
