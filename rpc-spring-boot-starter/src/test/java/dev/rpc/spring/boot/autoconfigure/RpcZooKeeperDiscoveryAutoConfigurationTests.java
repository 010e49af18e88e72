package dev.rpc.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.discovery.zookeeper.ZooKeeperAcl;
import dev.rpc.discovery.zookeeper.ZooKeeperAuth;
import dev.rpc.discovery.zookeeper.ZooKeeperDiscoveryOptions;
import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import dev.rpc.discovery.zookeeper.ZooKeeperTls;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RpcZooKeeperDiscoveryAutoConfigurationTests {

    private static TestingServer zooKeeper;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    private ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                RpcZooKeeperDiscoveryAutoConfiguration.class, RpcClientAutoConfiguration.class));
    }

    @Test
    void shouldNotCreateDiscoveryWithoutAConnectString() {
        contextRunner().run(context -> assertThat(context).doesNotHaveBean(ServiceDiscovery.class));
    }

    @Test
    void shouldCreateDiscoveryAndHandItToTheClient() {
        contextRunner().withPropertyValues("rpc.discovery.zookeeper.connect-string=" + zooKeeper.getConnectString(),
                "rpc.discovery.zookeeper.base-path=/shop", "rpc.discovery.zookeeper.session-timeout=5s")
                .run(context -> {
                    assertThat(context).hasSingleBean(ZooKeeperServiceDiscovery.class);
                    ZooKeeperServiceDiscovery discovery = context.getBean(ZooKeeperServiceDiscovery.class);
                    assertThat(discovery.options().basePath()).isEqualTo("/shop");
                    assertThat(discovery.options().sessionTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(discovery.isConnected()).isTrue();
                    assertThat(context.getBean(RpcClientOptions.class).discovery()).isSameAs(discovery);
                });
    }

    @Test
    void shouldKeepZooKeepersOpenAclWithoutCredentials() {
        contextRunner().withPropertyValues("rpc.discovery.zookeeper.connect-string=" + zooKeeper.getConnectString())
                .run(context -> {
                    ZooKeeperDiscoveryOptions options = context.getBean(ZooKeeperServiceDiscovery.class).options();
                    assertThat(options.auth()).isNull();
                    assertThat(options.acl()).isEqualTo(ZooKeeperAcl.OPEN);
                    assertThat(options.tls()).isNull();
                });
    }

    @Test
    void shouldAuthenticateWithDigestAndCreateZnodesOnlyThatIdentityMayChange() throws Exception {
        contextRunner().withPropertyValues("rpc.discovery.zookeeper.connect-string=" + zooKeeper.getConnectString(),
                "rpc.discovery.zookeeper.base-path=/secured", "rpc.discovery.zookeeper.auth.scheme=digest",
                "rpc.discovery.zookeeper.auth.username=orders", "rpc.discovery.zookeeper.auth.password=orders-secret")
                .run(context -> {
                    ZooKeeperDiscoveryOptions options = context.getBean(ZooKeeperServiceDiscovery.class).options();
                    assertThat(options.auth()).isEqualTo(ZooKeeperAuth.digest("orders", "orders-secret"));
                    assertThat(options.acl()).isEqualTo(ZooKeeperAcl.CREATOR_WRITES);
                    try (CuratorFramework anonymous = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(),
                            new RetryOneTime(100))) {
                        anonymous.start();
                        assertThat(anonymous.getACL().forPath("/secured")).containsExactlyInAnyOrder(
                                new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                                new ACL(ZooDefs.Perms.ALL, new Id("digest", "orders:x")));
                        assertThatExceptionOfType(KeeperException.NoAuthException.class)
                                .isThrownBy(() -> anonymous.create().forPath("/secured/services/evil"));
                    }
                });
    }

    @Test
    void shouldRefuseCredentialsWithoutAScheme() {
        contextRunner().withPropertyValues("rpc.discovery.zookeeper.connect-string=" + zooKeeper.getConnectString(),
                "rpc.discovery.zookeeper.auth.username=orders", "rpc.discovery.zookeeper.auth.password=orders-secret")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessage("rpc.discovery.zookeeper.auth.username "
                            + "or password is set, but rpc.discovery.zookeeper.auth.scheme is none: set auth.scheme=digest "
                            + "to authenticate with them, or remove them");
                });
    }

    @Test
    void shouldRefuseCreatorWritesWithoutCredentials() {
        contextRunner().withPropertyValues("rpc.discovery.zookeeper.connect-string=" + zooKeeper.getConnectString(),
                "rpc.discovery.zookeeper.acl=creator-writes")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith(
                            "rpc.discovery.zookeeper.acl=creator-writes needs credentials");
                });
    }

    @Test
    void shouldMapSslPropertiesToTheZooKeeperClientsTlsSettings() {
        Map<String, String> properties = Map.of(
                "rpc.discovery.zookeeper.connect-string", "zk1:2281",
                "rpc.discovery.zookeeper.ssl.enabled", "true",
                "rpc.discovery.zookeeper.ssl.trust-store", "/etc/rpc/zookeeper-trust.p12",
                "rpc.discovery.zookeeper.ssl.trust-store-password", "trust-secret",
                "rpc.discovery.zookeeper.ssl.key-store", "/etc/rpc/zookeeper-client.jks",
                "rpc.discovery.zookeeper.ssl.key-store-password", "key-secret",
                "rpc.discovery.zookeeper.ssl.key-store-type", "JKS",
                "rpc.discovery.zookeeper.ssl.hostname-verification", "false");
        ZooKeeperTls tls = new Binder(new MapConfigurationPropertySource(properties))
                .bind("rpc.discovery.zookeeper", RpcZooKeeperProperties.class).get().toOptions().tls();
        assertThat(tls).isEqualTo(new ZooKeeperTls(Path.of("/etc/rpc/zookeeper-client.jks"), "key-secret", "JKS",
                Path.of("/etc/rpc/zookeeper-trust.p12"), "trust-secret", null, false));
        assertThat(tls.toString()).doesNotContain("secret");
    }

    @Test
    void shouldNotUseTlsUnlessEnabled() {
        Map<String, String> properties = Map.of("rpc.discovery.zookeeper.connect-string", "zk1:2181",
                "rpc.discovery.zookeeper.ssl.trust-store", "/etc/rpc/zookeeper-trust.p12");
        assertThat(new Binder(new MapConfigurationPropertySource(properties))
                .bind("rpc.discovery.zookeeper", RpcZooKeeperProperties.class).get().toOptions().tls()).isNull();
    }

    @Test
    void shouldBackOffWithoutTheZooKeeperModule() {
        contextRunner().withClassLoader(new FilteredClassLoader(ZooKeeperServiceDiscovery.class))
                .withPropertyValues("rpc.discovery.zookeeper.connect-string=" + zooKeeper.getConnectString())
                .run(context -> assertThat(context).doesNotHaveBean(ServiceDiscovery.class));
    }

    @Test
    void shouldFailFastWithAnAnalysisWhenZooKeeperIsUnreachable() {
        contextRunner().withPropertyValues("rpc.discovery.zookeeper.connect-string=127.0.0.1:1",
                "rpc.discovery.zookeeper.connection-timeout=500ms")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new dev.rpc.spring.boot.diagnostics.FailureAnalysisAccess()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("127.0.0.1:1");
                    assertThat(analysis.getAction()).contains("rpc.discovery.zookeeper.startup=wait");
                });
    }

    @Test
    void shouldAdviseThePropertyAndNotTheJavaBuilderWhenZooKeeperIsUnreachable() {
        contextRunner().withPropertyValues("rpc.discovery.zookeeper.connect-string=127.0.0.1:1",
                "rpc.discovery.zookeeper.connection-timeout=500ms")
                .run(context -> {
                    FailureAnalysis analysis = new dev.rpc.spring.boot.diagnostics.FailureAnalysisAccess()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo("Service discovery could not reach ZooKeeper: "
                            + "Cannot reach ZooKeeper at 127.0.0.1:1 within PT0.5S");
                    assertThat(analysis.getDescription() + analysis.getAction())
                            .as("a Spring application sets properties; it calls no builder")
                            .doesNotContain("waitForZooKeeper").doesNotContain("Builder");
                });
    }
}
