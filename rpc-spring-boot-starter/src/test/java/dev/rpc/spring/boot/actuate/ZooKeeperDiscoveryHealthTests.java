package dev.rpc.spring.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.discovery.zookeeper.ZooKeeperDiscoveryOptions;
import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.autoconfigure.RpcClientAutoConfiguration;
import dev.rpc.spring.boot.autoconfigure.RpcHealthContributorAutoConfiguration;
import dev.rpc.spring.boot.autoconfigure.RpcMetricsAutoConfiguration;
import dev.rpc.spring.boot.autoconfigure.RpcZooKeeperDiscoveryAutoConfiguration;
import dev.rpc.spring.boot.fixtures.GreetingService;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.curator.test.InstanceSpec;
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

/**
 * The ZooKeeper discovery's health and meters follow its session (connected, suspended, lost, connected again) and
 * show the providers the client knows, the last known ones while ZooKeeper is away. The server ticks every 250 ms and
 * the session lasts 3 s, so that a stopped ZooKeeper loses the session within seconds.
 */
class ZooKeeperDiscoveryHealthTests {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static final String SERVICE = GreetingService.class.getName();

    private TestingServer zooKeeper;

    private ZooKeeperServiceDiscovery provider;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zooKeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 250, -1), true);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        if (provider != null) {
            provider.close();
        }
        zooKeeper.close();
    }

    /** Registers a provider of the service the client discovers, from a discovery of its own. */
    private void registerProvider() {
        provider = ZooKeeperServiceDiscovery.create(ZooKeeperDiscoveryOptions.builder(zooKeeper.getConnectString())
                .sessionTimeout(Duration.ofSeconds(3)).build());
        provider.register(new ServiceInstance(SERVICE, "127.0.0.1", 4711, Map.of()));
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
                        "rpc.discovery.zookeeper.session-timeout=3s");
    }

    @Test
    void discoveryIsUpWhileConnectedAndNamesTheDiscoveredServices() {
        contextRunner().run(context -> {
            Health health = context.getBean(ZooKeeperDiscoveryHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("state", "connected")
                    .containsEntry("connectString", zooKeeper.getConnectString()).containsEntry("basePath", "/rpc")
                    .containsEntry("services", Map.of(SERVICE, List.of())).doesNotContainKey("providers");
            assertThat(context.getBean(MeterRegistry.class).get("rpc.discovery.connected").gauge().value()).isEqualTo(1);
        });
    }

    @Test
    void discoveryIsUnknownWhileSuspendedDownOnceTheSessionIsLostAndUpAgainOnceBack() {
        registerProvider();
        contextRunner().run(context -> {
            ZooKeeperDiscoveryHealthIndicator indicator = context.getBean(ZooKeeperDiscoveryHealthIndicator.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(LIMIT).until(() -> providers(indicator.health()).equals(List.of("127.0.0.1:4711")));

            zooKeeper.stop();

            await().atMost(LIMIT).until(() -> indicator.health().getStatus().equals(Status.UNKNOWN));
            assertThat(indicator.health().getDetails()).containsEntry("state", "suspended")
                    .containsEntry("providers", "the last known providers stay in use");
            assertThat(meters.get("rpc.discovery.connected").gauge().value()).isZero();
            // past the session timeout, the session is given up
            await().atMost(LIMIT).until(() -> indicator.health().getStatus().equals(Status.DOWN));
            Health lost = indicator.health();
            assertThat(lost.getDetails()).containsEntry("state", "lost");
            assertThat(providers(lost)).as("the last known providers").containsExactly("127.0.0.1:4711");
            zooKeeper.restart();
            await().atMost(LIMIT).until(() -> indicator.health().getStatus().equals(Status.UP));
            assertThat(indicator.health().getDetails()).containsEntry("state", "connected");
            await().atMost(LIMIT).until(() -> providers(indicator.health()).equals(List.of("127.0.0.1:4711")));
        });
    }

    @Test
    void providersAndSessionChangesAreCountedByType() {
        contextRunner().run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(events(meters, "provider_added")).isZero();

            registerProvider();
            await().atMost(LIMIT).until(() -> events(meters, "provider_added") == 1);
            provider.close();
            await().atMost(LIMIT).until(() -> events(meters, "provider_removed") == 1);
            zooKeeper.stop();
            await().atMost(LIMIT).until(() -> events(meters, "session_suspended") == 1);
            zooKeeper.restart();
            await().atMost(LIMIT).until(() -> events(meters, "session_reconnected") == 1);

            assertThat(meters.get("rpc.discovery.events").tag("type", "session_lost").functionCounter().getId()
                    .getTag("rpc.discovery.system")).isEqualTo("zookeeper");
        });
    }

    private static double events(MeterRegistry meters, String type) {
        return meters.get("rpc.discovery.events").tag("type", type).functionCounter().count();
    }

    @SuppressWarnings("unchecked")
    private static List<String> providers(Health health) {
        return ((Map<String, List<String>>) health.getDetails().get("services")).get(SERVICE);
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
