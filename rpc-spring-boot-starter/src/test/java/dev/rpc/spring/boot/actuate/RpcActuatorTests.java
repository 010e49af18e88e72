package dev.rpc.spring.boot.actuate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.rpc.core.protocol.RpcException;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.fixtures.GreetingService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A server and a client application with the actuator, its endpoints exposed over JMX: the health of the server and
 * of the client's connections, the {@code rpc} endpoint on both sides (and what it leaves out), and the version in
 * {@code info}.
 */
class RpcActuatorTests {

    private static final String SECRET = "s3cret-token-value";

    private static ConfigurableApplicationContext server;

    private static ConfigurableApplicationContext client;

    private static GreetingService greetings;

    private final List<ConfigurableApplicationContext> others = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE)
                .properties(jmx("rpc.test.server"))
                .properties("rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1",
                        "rpc.server.worker-threads=3", "rpc.server.metadata.zone=eu-1",
                        "rpc.server.metadata.token=" + SECRET)
                .run();
        client = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
                .properties(jmx("rpc.test.client"))
                .properties("rpc.client.io-threads=1", "rpc.client.timeout=7s",
                        "rpc.client.services.GreetingService.address=127.0.0.1:" + port(server),
                        "rpc.client.services.GreetingService.timeout=3s",
                        "rpc.client.services.GreetingService.methods.greet.timeout=1500ms")
                .run();
        greetings = client.getBean(Caller.class).greetings;
        greetings.greet("Ada");
    }

    private static String[] jmx(String domain) {
        return new String[] { "spring.main.banner-mode=off", "spring.jmx.enabled=true",
                "management.endpoints.jmx.exposure.include=health,info,rpc", "management.endpoints.jmx.domain=" + domain,
                "management.endpoint.health.show-details=always" };
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @AfterEach
    void closeOthers() {
        server.getBean(Gate.class).reset();
        others.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void serverHealthIsUpWhileListeningWithItsPortAndConnections() throws Exception {
        Map<String, Object> rpcServer = component(invoke("rpc.test.server", "Health", "health"), "rpcServer");

        assertThat(rpcServer).containsEntry("status", "UP");
        assertThat(details(rpcServer)).containsEntry("state", "listening").containsEntry("port", port(server))
                .containsEntry("connections", 1);
    }

    @Test
    void serverHealthIsOutOfServiceWhileDrainingAndDownOnceStopped() {
        ConfigurableApplicationContext draining = startServer();
        Gate gate = draining.getBean(Gate.class);
        RpcServerHealthIndicator health = draining.getBean(RpcServerHealthIndicator.class);
        GreetingService caller = startClient(draining).getBean(Caller.class).greetings;
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> caller.waitForGate("draining"));
        await().until(() -> gate.waiting() == 1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(draining::close);

        await().until(() -> health.health().getStatus().equals(Status.OUT_OF_SERVICE));
        assertThat(health.health().getDetails()).containsEntry("state", "draining").containsEntry("callsInFlight", 1);
        gate.open();
        closing.join();
        assertThat(inFlight.join()).isEqualTo("passed draining");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void clientHealthShowsEachAddressWithItsOpenConnection() throws Exception {
        Map<String, Object> rpcClient = component(invoke("rpc.test.client", "Health", "health"), "rpcClient");

        assertThat(rpcClient).containsEntry("status", "UP");
        assertThat(map(details(rpcClient).get("addresses"))).containsOnlyKeys("127.0.0.1:" + port(server))
                .extractingByKey("127.0.0.1:" + port(server)).isEqualTo(Map.of("connections", 1, "open", 1,
                        "failing", false));
    }

    @Test
    void clientHealthIsDownWhenEveryAddressIsFailing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConfigurableApplicationContext unreachableClient = new SpringApplicationBuilder(ClientApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1",
                        "rpc.client.services.GreetingService.address=127.0.0.1:" + closedPort)
                .run();
        others.add(unreachableClient);
        GreetingService unreachable = unreachableClient.getBean(Caller.class).greetings;
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> unreachable.greet("nobody"));

        RpcClientHealthIndicator health = unreachableClient.getBean(RpcClientHealthIndicator.class);

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(map(map(health.health().getDetails().get("addresses")).get("127.0.0.1:" + closedPort)))
                .containsEntry("failing", true).containsEntry("open", 0)
                .hasEntrySatisfying("failure", failure -> assertThat((String) failure).contains("cannot connect"));
    }

    @Test
    void endpointListsTheExportedServicesWithMethodIdsAndModesAndTheServersState() throws Exception {
        Map<String, Object> rpcServer = map(invoke("rpc.test.server", "Rpc", "rpc").get("server"));

        assertThat(rpcServer).containsEntry("state", "listening").containsEntry("port", port(server))
                .containsEntry("executor", "bounded(3 threads, queue 1024)").containsEntry("connections", 1)
                .containsEntry("callsInFlight", 0);
        assertThat(list(rpcServer.get("metadataKeys"))).containsExactlyInAnyOrder("zone", "token");
        Map<String, Object> service = map(list(rpcServer.get("services")).get(0));
        assertThat(service).containsEntry("name", GreetingService.class.getName());
        assertThat(list(service.get("methods"))).extracting(method -> map(method).get("name") + ":"
                + map(method).get("mode")).contains("greet:response", "greetLater:future", "record:callback");
        assertThat(list(service.get("methods"))).allSatisfy(method -> assertThat(map(method)).containsKeys("id",
                "signature"));
    }

    @Test
    void endpointListsEachReferenceWithItsAddressAndTheTimeoutOfEachMethod() throws Exception {
        Map<String, Object> rpcClient = map(invoke("rpc.test.client", "Rpc", "rpc").get("client"));

        assertThat(rpcClient).containsEntry("created", true).containsEntry("openConnections", 1);
        Map<String, Object> reference = map(list(rpcClient.get("references")).get(0));
        assertThat(reference).containsEntry("type", GreetingService.class.getName())
                .containsEntry("address", "127.0.0.1:" + port(server)).containsEntry("timeout", "PT3S");
        assertThat(list(reference.get("methods"))).extracting(method -> map(method).get("name") + "="
                + map(method).get("timeout")).contains("greet=PT1.5S", "greetLater=PT3S");
        assertThat(map(list(rpcClient.get("addresses")).get(0))).containsEntry("address", "127.0.0.1:" + port(server))
                .containsEntry("open", 1);
    }

    @Test
    void endpointShowsMetadataKeysButNeverTheirValues() throws Exception {
        assertThat(invoke("rpc.test.server", "Rpc", "rpc").toString()).contains("token").doesNotContain(SECRET);
    }

    @Test
    void infoGivesTheFrameworkAndProtocolVersions() throws Exception {
        Map<String, Object> rpc = map(invoke("rpc.test.client", "Info", "info").get("rpc"));

        assertThat(rpc).containsEntry("protocolVersion", 1);
        assertThat((String) rpc.get("version")).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    private ConfigurableApplicationContext startServer() {
        ConfigurableApplicationContext started = new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.port=0", "rpc.server.address=127.0.0.1",
                        "rpc.server.io-threads=1")
                .run();
        others.add(started);
        return started;
    }

    private ConfigurableApplicationContext startClient(ConfigurableApplicationContext target) {
        ConfigurableApplicationContext started = new SpringApplicationBuilder(ClientApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1",
                        "rpc.client.services.GreetingService.address=127.0.0.1:" + port(target))
                .run();
        others.add(0, started); // closed before the server it calls
        return started;
    }

    private static Map<String, Object> invoke(String domain, String endpoint, String operation) throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        return map(mbeans.invoke(new ObjectName(domain + ":type=Endpoint,name=" + endpoint), operation, new Object[0],
                new String[0]));
    }

    private static Map<String, Object> component(Map<String, Object> health, String name) {
        return map(map(health.get("components")).get(name));
    }

    private static Map<String, Object> details(Map<String, Object> component) {
        return map(component.get("details"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
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
