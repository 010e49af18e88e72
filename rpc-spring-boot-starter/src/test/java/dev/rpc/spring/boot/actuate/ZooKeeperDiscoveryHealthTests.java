package dev.rpc.spring.boot.actuate;

import java.util.Map;

import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.autoconfigure.RpcClientAutoConfiguration;
import dev.rpc.spring.boot.autoconfigure.RpcHealthContributorAutoConfiguration;
import dev.rpc.spring.boot.autoconfigure.RpcMetricsAutoConfiguration;
import dev.rpc.spring.boot.autoconfigure.RpcZooKeeperDiscoveryAutoConfiguration;
import dev.rpc.spring.boot.fixtures.GreetingService;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ZooKeeper discovery's health and gauge follow its session, and name the services the client discovers. */
class ZooKeeperDiscoveryHealthTests {

    private TestingServer zooKeeper;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zooKeeper = new TestingServer(true);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    private ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcZooKeeperDiscoveryAutoConfiguration.class,
                        RpcClientAutoConfiguration.class, RpcHealthContributorAutoConfiguration.class,
                        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class, RpcMetricsAutoConfiguration.class))
                .withUserConfiguration(DiscoveringClient.class)
                .withPropertyValues("rpc.client.io-threads=1",
                        "rpc.discovery.zookeeper.connect-string=" + zooKeeper.getConnectString(),
                        "rpc.discovery.zookeeper.session-timeout=20s");
    }

    @Test
    void discoveryIsUpWhileConnectedAndNamesTheDiscoveredServices() {
        contextRunner().run(context -> {
            Health health = context.getBean(ZooKeeperDiscoveryHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("state", "connected")
                    .containsEntry("connectString", zooKeeper.getConnectString()).containsEntry("basePath", "/rpc")
                    .containsEntry("services", Map.of(GreetingService.class.getName(), 0));
            assertThat(context.getBean(MeterRegistry.class).get("rpc.discovery.connected").gauge().value()).isEqualTo(1);
        });
    }

    @Test
    void discoveryIsDownWhileZooKeeperIsUnreachableAndUpAgainOnceBack() {
        contextRunner().run(context -> {
            ZooKeeperDiscoveryHealthIndicator indicator = context.getBean(ZooKeeperDiscoveryHealthIndicator.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);

            zooKeeper.stop();

            await().until(() -> indicator.health().getStatus().equals(Status.DOWN));
            assertThat(indicator.health().getDetails()).containsEntry("state", "disconnected")
                    .containsEntry("providers", "the last known providers stay in use");
            assertThat(meters.get("rpc.discovery.connected").gauge().value()).isZero();
            zooKeeper.restart();
            await().until(() -> indicator.health().getStatus().equals(Status.UP));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class DiscoveringClient {

        @Bean
        Caller caller() {
            return new Caller();
        }
    }

    static class Caller {

        @RpcReference
        GreetingService greetings;
    }
}
