package dev.rpc.spring.boot.autoconfigure;

import java.time.Duration;

import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

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
