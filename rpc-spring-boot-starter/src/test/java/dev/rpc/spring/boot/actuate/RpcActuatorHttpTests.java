package dev.rpc.spring.boot.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.fixtures.GreetingService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One application that serves, calls itself through ZooKeeper discovery, and exposes the actuator over real HTTP
 * (embedded Tomcat on a free port): {@code /actuator/rpc}, {@code /actuator/health} with its three rpc indicators and
 * {@code /actuator/info} read as JSON have the shapes README shows, and neither a metadata value nor a credential
 * appears in any of them.
 */
class RpcActuatorHttpTests {

    private static final String SERVER_SECRET = "server-metadata-s3cret";

    private static final String CLIENT_SECRET = "client-bearer-s3cret";

    /** Spring Security is on the test classpath for other tests; this application has none, so no login is asked. */
    private static final String NO_SECURITY = "spring.autoconfigure.exclude="
            + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration";

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestingServer zooKeeper;

    private static ConfigurableApplicationContext application;

    private static String provider;

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = new TestingServer(true);
        application = new SpringApplicationBuilder(Application.class).web(WebApplicationType.SERVLET)
                .properties("spring.main.banner-mode=off", NO_SECURITY, "server.port=0", "server.address=127.0.0.1",
                        "management.endpoints.web.exposure.include=health,info,rpc",
                        "management.endpoint.health.show-details=always",
                        "rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1",
                        "rpc.server.metadata.zone=eu-1", "rpc.server.metadata.token=" + SERVER_SECRET,
                        "rpc.client.io-threads=1",
                        "rpc.client.services.GreetingService.credentials.bearer-token=" + CLIENT_SECRET,
                        "rpc.discovery.zookeeper.connect-string=" + zooKeeper.getConnectString())
                .run();
        provider = "127.0.0.1:" + application.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY);
        GreetingService greetings = application.getBean(Caller.class).greetings;
        await().ignoreExceptions().until(() -> greetings.greet("Ada").equals("Hello, Ada"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (application != null) {
            application.close();
        }
        zooKeeper.close();
    }

    @Test
    void rpcEndpointShowsTheServerAndTheReferenceFoundThroughDiscovery() throws Exception {
        JsonNode rpc = get("/actuator/rpc");

        JsonNode server = rpc.get("server");
        assertThat(server.get("state").stringValue()).isEqualTo("listening");
        assertThat(server.get("address").stringValue()).isEqualTo("127.0.0.1");
        assertThat("127.0.0.1:" + server.get("port").intValue()).isEqualTo(provider);
        assertThat(server.get("connections").intValue()).isEqualTo(1);
        assertThat(strings(server.get("metadataKeys"))).containsExactlyInAnyOrder("zone", "token");
        assertThat(server.get("refusedCalls").has("queue_full")).isTrue();
        JsonNode service = server.get("services").get(0);
        assertThat(service.get("name").stringValue()).isEqualTo(GreetingService.class.getName());
        assertThat(service.get("methods")).allSatisfy(method -> {
            assertThat(method.get("signature").stringValue()).startsWith(method.get("name").stringValue() + "(");
            assertThat(method.get("id").isInt()).isTrue();
            assertThat(method.get("mode").stringValue()).isIn("response", "future", "callback");
        });

        JsonNode client = rpc.get("client");
        assertThat(client.get("created").booleanValue()).isTrue();
        assertThat(client.get("discovery").booleanValue()).isTrue();
        assertThat(client.get("openConnections").intValue()).isEqualTo(1);
        JsonNode reference = client.get("references").get(0);
        assertThat(reference.get("type").stringValue()).isEqualTo(GreetingService.class.getName());
        assertThat(reference.has("address")).as("null over HTTP: left out").isFalse();
        assertThat(reference.get("discovery").get("location").stringValue()).isEqualTo("ZooKeeper "
                + zooKeeper.getConnectString() + ", path /rpc/services/" + GreetingService.class.getName() + "/providers");
        assertThat(strings(reference.get("discovery").get("providers"))).containsExactly(provider);
        assertThat(reference.get("methods").get(0).has("timeout")).isTrue();
    }

    @Test
    void healthShowsTheServerTheClientsConnectionsAndTheDiscovery() throws Exception {
        JsonNode health = get("/actuator/health");

        assertThat(health.get("status").stringValue()).isEqualTo("UP");
        JsonNode components = health.get("components");
        JsonNode server = components.get("rpcServer");
        assertThat(server.get("status").stringValue()).isEqualTo("UP");
        assertThat(server.get("details").get("state").stringValue()).isEqualTo("listening");
        assertThat(server.get("details").get("connections").intValue()).isEqualTo(1);
        assertThat(server.get("details").has("callsInFlight")).isTrue();
        JsonNode client = components.get("rpcClient");
        assertThat(client.get("status").stringValue()).isEqualTo("UP");
        JsonNode address = client.get("details").get("addresses").get(provider);
        assertThat(address.get("connections").intValue()).isEqualTo(1);
        assertThat(address.get("open").intValue()).isEqualTo(1);
        assertThat(address.get("failing").booleanValue()).isFalse();
        JsonNode discovery = components.get("rpcDiscovery");
        assertThat(discovery.get("status").stringValue()).isEqualTo("UP");
        assertThat(discovery.get("details").get("state").stringValue()).isEqualTo("connected");
        assertThat(discovery.get("details").get("connectString").stringValue()).isEqualTo(zooKeeper.getConnectString());
        assertThat(strings(discovery.get("details").get("services").get(GreetingService.class.getName())))
                .containsExactly(provider);
    }

    @Test
    void infoGivesTheFrameworkAndProtocolVersions() throws Exception {
        JsonNode rpc = get("/actuator/info").get("rpc");

        assertThat(rpc.get("version").stringValue()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(rpc.get("protocolVersion").intValue()).isEqualTo(1);
    }

    @Test
    void noMetadataValueOrCredentialIsShownAnywhere() throws Exception {
        for (String path : List.of("/actuator/rpc", "/actuator/health", "/actuator/info")) {
            assertThat(body(path)).as(path).doesNotContain(SERVER_SECRET).doesNotContain(CLIENT_SECRET)
                    .doesNotContainIgnoringCase("bearer");
        }
    }

    private static JsonNode get(String path) throws Exception {
        return json.readTree(body(path));
    }

    private static String body(String path) throws Exception {
        int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return response.body();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.stringValue()));
        return values;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Gate gate() {
            return new Gate();
        }

        @Bean
        DefaultGreetingService greetingService(Gate gate) {
            return new DefaultGreetingService(gate);
        }

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
