package dev.rpc.discovery.zookeeper;

import java.nio.file.Path;
import java.time.Duration;

import dev.rpc.discovery.zookeeper.ZooKeeperDiscoveryOptions.StartupMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZooKeeperDiscoveryOptionsTests {

    @Test
    void defaults() {
        ZooKeeperDiscoveryOptions options = ZooKeeperDiscoveryOptions.builder("zk:2181").build();
        assertThat(options.connectString()).isEqualTo("zk:2181");
        assertThat(options.basePath()).isEqualTo("/rpc");
        assertThat(options.sessionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.startupMode()).isEqualTo(StartupMode.FAIL_FAST);
        assertThat(options.startupWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.maxEntrySize()).isEqualTo(16 * 1024);
        assertThat(options.emptyViewDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.auth()).isNull();
        assertThat(options.acl()).isEqualTo(ZooKeeperAcl.OPEN);
        assertThat(options.tls()).isNull();
    }

    @Test
    void credentialsMakeTheZnodesCreatorWritesUnlessTheAclIsSetOtherwise() {
        ZooKeeperDiscoveryOptions options = ZooKeeperDiscoveryOptions.builder("zk:2181").digest("orders", "pw").build();
        assertThat(options.auth()).isEqualTo(ZooKeeperAuth.digest("orders", "pw"));
        assertThat(options.auth().scheme()).isEqualTo(ZooKeeperAuth.Scheme.DIGEST);
        assertThat(options.acl()).isEqualTo(ZooKeeperAcl.CREATOR_WRITES);
        assertThat(ZooKeeperDiscoveryOptions.builder("zk:2181").auth(ZooKeeperAuth.sasl("Client")).build().acl())
                .isEqualTo(ZooKeeperAcl.CREATOR_WRITES);
        assertThat(ZooKeeperDiscoveryOptions.builder("zk:2181").digest("orders", "pw").acl(ZooKeeperAcl.OPEN).build().acl())
                .as("authenticated, znodes left open").isEqualTo(ZooKeeperAcl.OPEN);
    }

    @Test
    void creatorWritesWithoutCredentialsIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDiscoveryOptions.builder("zk:2181")
                .acl(ZooKeeperAcl.CREATOR_WRITES).build())
                .withMessage("acl CREATOR_WRITES needs credentials: without them no identity could write the znodes; "
                        + "set auth, or use acl OPEN");
    }

    @Test
    void invalidCredentialsAreRefusedWithoutShowingThePassword() {
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperAuth.digest(" ", "pw"))
                .withMessage("ZooKeeper digest user name must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperAuth.digest("a:b", "pw"))
                .withMessage("ZooKeeper digest user name must not contain ':': 'a:b'");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperAuth.digest("orders", ""))
                .withMessage("ZooKeeper digest password of user 'orders' must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperAuth.sasl(""))
                .withMessage("ZooKeeper SASL login context (JAAS section) must not be blank");
    }

    @Test
    void toStringNeverShowsAPassword() {
        ZooKeeperDiscoveryOptions options = ZooKeeperDiscoveryOptions.builder("zk:2281").digest("orders", "auth-secret")
                .tls(ZooKeeperTls.builder().keyStore(Path.of("client.p12"), "key-secret")
                        .trustStore(Path.of("trust.p12"), "trust-secret").build())
                .build();
        assertThat(options.toString()).contains("digest user 'orders'").contains("trust.p12").contains("client.p12")
                .doesNotContain("auth-secret").doesNotContain("key-secret").doesNotContain("trust-secret");
        assertThat(ZooKeeperAuth.sasl("Client")).hasToString("SASL (JAAS section 'Client')");
    }

    @Test
    void waitForZooKeeperSetsTheModeAndItsLimit() {
        ZooKeeperDiscoveryOptions options = ZooKeeperDiscoveryOptions.builder("zk:2181")
                .waitForZooKeeper(Duration.ofMinutes(2)).build();
        assertThat(options.startupMode()).isEqualTo(StartupMode.WAIT);
        assertThat(options.startupWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ZooKeeperDiscoveryOptions.builder("zk:2181").waitForZooKeeper(Duration.ofMinutes(2)).failFast().build()
                .startupMode()).isEqualTo(StartupMode.FAIL_FAST);
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSettingAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDiscoveryOptions.builder(" ").build())
                .withMessageContaining("connectString must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDiscoveryOptions.builder("zk:2181").basePath("rpc").build())
                .withMessage("basePath must be an absolute znode path such as /rpc: 'rpc'");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDiscoveryOptions.builder("zk:2181").basePath("/rpc/").build())
                .withMessageContaining("'/rpc/'");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDiscoveryOptions.builder("zk:2181")
                .sessionTimeout(Duration.ZERO).build()).withMessage("sessionTimeout must be positive: PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDiscoveryOptions.builder("zk:2181")
                .waitForZooKeeper(Duration.ofSeconds(-1)).build()).withMessage("startupWait must be positive: PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDiscoveryOptions.builder("zk:2181")
                .maxEntrySize(10).build()).withMessage("maxEntrySize must be at least 256 bytes: 10");
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDiscoveryOptions.builder("zk:2181")
                .emptyViewDelay(Duration.ofMillis(-1)).build()).withMessage("emptyViewDelay must not be negative: PT-0.001S");
    }
}
