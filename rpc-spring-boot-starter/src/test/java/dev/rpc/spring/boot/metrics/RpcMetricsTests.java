package dev.rpc.spring.boot.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.fixtures.GreetingException;
import dev.rpc.spring.boot.fixtures.GreetingService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A server with one worker and a queue of one, and a client, each with the meter registry Spring Boot's actuator
 * configures: the timers of the observations, with {@code management.metrics.distribution.*} applied, and the gauges
 * and counters of both sides.
 */
class RpcMetricsTests {

    private static ConfigurableApplicationContext server;

    private static ConfigurableApplicationContext client;

    private static MeterRegistry serverMeters;

    private static MeterRegistry clientMeters;

    private static GreetingService greetings;

    /** Makes the calls that wait at the server's gate, two at a time. */
    private static final ExecutorService callers = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void start() {
        server = new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.port=0", "rpc.server.address=127.0.0.1",
                        "rpc.server.io-threads=1", "rpc.server.worker-threads=1", "rpc.server.queue-capacity=1",
                        "management.metrics.distribution.percentiles.rpc.server=0.5,0.95",
                        "management.metrics.distribution.slo.rpc.server=100ms,5s")
                .run();
        int port = server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
        client = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1",
                        "rpc.client.services.GreetingService.address=127.0.0.1:" + port,
                        "management.metrics.distribution.slo.rpc.client=250ms")
                .run();
        serverMeters = server.getBean(MeterRegistry.class);
        clientMeters = client.getBean(MeterRegistry.class);
        greetings = client.getBean(Caller.class).greetings;
    }

    @AfterAll
    static void stop() {
        callers.shutdownNow();
        client.close();
        server.close();
    }

    @AfterEach
    void openGate() {
        server.getBean(Gate.class).reset();
    }

    @Test
    void serverTimesEachMethodByStatusWithTheConfiguredPercentilesAndSlos() {
        for (int i = 0; i < 3; i++) {
            greetings.history(2);
        }
        assertThatExceptionOfType(GreetingException.class).isThrownBy(() -> greetings.refuse("Bob"));

        await().untilAsserted(() -> assertThat(serverMeters.get("rpc.server").tag("rpc.method", "history")
                .tag("rpc.response.status_code", "OK").timer().count()).isEqualTo(3));
        await().untilAsserted(() -> assertThat(serverMeters.get("rpc.server").tag("rpc.method", "refuse")
                .tag("rpc.response.status_code", "APPLICATION_ERROR")
                .tag("error.type", GreetingException.class.getName()).timer().count()).isEqualTo(1));
        HistogramSnapshot snapshot = serverMeters.get("rpc.server").tag("rpc.method", "history").timer().takeSnapshot();
        assertThat(Arrays.stream(snapshot.percentileValues()).map(ValueAtPercentile::percentile))
                .containsExactly(0.5, 0.95);
        assertThat(Arrays.stream(snapshot.histogramCounts()).map(bucket -> bucket.bucket(TimeUnit.MILLISECONDS)))
                .containsExactly(100.0, 5000.0);
    }

    @Test
    void clientTimesEachMethodByModeAndStatusWithItsOwnSlos() {
        greetings.greetLater("Ada").join();
        greetings.greetLater("Bob").join();

        await().untilAsserted(() -> assertThat(clientMeters.get("rpc.client").tag("rpc.method", "greetLater")
                .tag("rpc.dev_rpc.call_mode", "future").tag("rpc.response.status_code", "OK").timer().count())
                .isEqualTo(2));
        Timer timer = clientMeters.get("rpc.client").tag("rpc.method", "greetLater").timer();
        assertThat(Arrays.stream(timer.takeSnapshot().histogramCounts()).map(bucket -> bucket.bucket(TimeUnit.MILLISECONDS)))
                .containsExactly(250.0);
        assertThat(clientMeters.get("rpc.client.active").tag("rpc.method", "greetLater").longTaskTimer().activeTasks())
                .isZero();
    }

    @Test
    void serverGaugesShowTheBusyWorkerTheQueuedCallAndTheConnection() {
        Gate gate = server.getBean(Gate.class);

        List<CompletableFuture<String>> held = holdWorkerAndQueue();

        assertThat(serverMeters.get("rpc.server.workers.busy").gauge().value()).isEqualTo(1);
        assertThat(serverMeters.get("rpc.server.calls.queued").gauge().value()).isEqualTo(1);
        assertThat(serverMeters.get("rpc.server.calls.in.flight").gauge().value()).isEqualTo(2);
        assertThat(serverMeters.get("rpc.server.connections").gauge().value()).isEqualTo(1);
        gate.open();
        held.forEach(CompletableFuture::join);
        await().untilAsserted(() -> assertThat(serverMeters.get("rpc.server.calls.in.flight").gauge().value()).isZero());
    }

    @Test
    void callsRefusedBecauseTheServerIsFullAreCountedWithTheirReason() {
        Gate gate = server.getBean(Gate.class);
        double before = refused("queue_full");
        List<CompletableFuture<String>> held = holdWorkerAndQueue();

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> greetings.waitForGate("refused"))
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED));

        assertThat(refused("queue_full")).isEqualTo(before + 1);
        assertThat(serverMeters.get("rpc.server.calls.refused").tag("reason", "queue_full").functionCounter().getId()
                .getTag("rpc.response.status_code")).isEqualTo("RESOURCE_EXHAUSTED");
        gate.open();
        held.forEach(CompletableFuture::join);
    }

    /** Makes one call that takes the only worker, then one that waits in the queue of one. */
    private static List<CompletableFuture<String>> holdWorkerAndQueue() {
        Gate gate = server.getBean(Gate.class);
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> greetings.waitForGate("running"), callers);
        await().until(() -> gate.waiting() == 1);
        CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> greetings.waitForGate("queued"), callers);
        await().until(() -> serverMeters.get("rpc.server.calls.queued").gauge().value() == 1);
        return List.of(running, queued);
    }

    @Test
    void clientGaugesShowItsConnectionToTheServer() {
        greetings.greet("Ada");

        assertThat(clientMeters.get("rpc.client.connections").gauge().value()).isEqualTo(1);
        assertThat(clientMeters.get("rpc.client.addresses").gauge().value()).isEqualTo(1);
        assertThat(clientMeters.get("rpc.client.addresses.failing").gauge().value()).isZero();
        assertThat(clientMeters.get("rpc.client.failovers").functionCounter().count()).isZero();
    }

    @Test
    void bytesCountedByTheClientAreThoseTheServerCountsAndTheOtherWayRound() {
        greetings.greet("Ada");

        await().untilAsserted(() -> {
            assertThat(bytes(clientMeters, "rpc.client.bytes.sent")).isPositive()
                    .isEqualTo(bytes(serverMeters, "rpc.server.bytes.received"));
            assertThat(bytes(serverMeters, "rpc.server.bytes.sent")).isPositive()
                    .isEqualTo(bytes(clientMeters, "rpc.client.bytes.received"));
        });
        double sentBefore = bytes(clientMeters, "rpc.client.bytes.sent");
        greetings.greet("Bob");
        assertThat(bytes(clientMeters, "rpc.client.bytes.sent")).isGreaterThan(sentBefore);
        assertThat(clientMeters.get("rpc.client.bytes.sent").functionCounter().getId().getBaseUnit()).isEqualTo("bytes");
        assertThat(serverMeters.get("rpc.server.bytes.received").functionCounter().getId().getBaseUnit())
                .isEqualTo("bytes");
    }

    private static double bytes(MeterRegistry meters, String name) {
        return meters.get(name).functionCounter().count();
    }

    private static double refused(String reason) {
        return serverMeters.get("rpc.server.calls.refused").tag("reason", reason).functionCounter().count();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServerApplication {

        @Bean
        Gate gate() {
            return new Gate();
        }

        @Bean
        DefaultGreetingService greetingService(Gate gate) {
            return new DefaultGreetingService(gate);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApplication {

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
