package dev.rpc.spring.boot.observation;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.fixtures.BackService;
import dev.rpc.spring.boot.observation.InMemorySpans.Spans;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code management.tracing.propagation.type=b3} on both sides (OpenTelemetry bridge), a call's metadata
 * carries B3's single {@code b3} header, {@code <trace id>-<span id>-<sampled>}, instead of W3C's
 * {@code traceparent}, and the server's span continues the client's trace as the child of the client's span.
 */
class RpcB3PropagationTests {

    private static final String[] B3 = { "spring.main.banner-mode=off", "management.tracing.sampling.probability=1.0",
            "management.tracing.propagation.type=b3" };

    private static ConfigurableApplicationContext server;

    private static ConfigurableApplicationContext client;

    @BeforeAll
    static void start() {
        server = new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE).properties(B3)
                .properties("rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1")
                .run();
        int port = server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
        client = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE).properties(B3)
                .properties("rpc.client.io-threads=1", "rpc.client.services.BackService.address=127.0.0.1:" + port)
                .run();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void theCallCarriesB3AndTheServerSpanIsTheChildOfTheClientSpan() {
        client.getBean(Caller.class).back.echo("b3");

        SpanData clientSpan = span(client, SpanKind.CLIENT);
        SpanData serverSpan = span(server, SpanKind.SERVER);
        assertThat(serverSpan.getTraceId()).isEqualTo(clientSpan.getTraceId());
        assertThat(serverSpan.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
        Map<String, String> metadata = server.getBean(Received.class).metadata.peek();
        assertThat(metadata).containsEntry("b3", clientSpan.getTraceId() + "-" + clientSpan.getSpanId() + "-1")
                .doesNotContainKey("traceparent");
    }

    /** Returns the one span of a kind that the application ended, waiting for it. */
    private static SpanData span(ConfigurableApplicationContext context, SpanKind kind) {
        InMemorySpanExporter exporter = context.getBean(Spans.class).exporter;
        await().untilAsserted(() -> assertThat(exporter.getFinishedSpanItems()).filteredOn(span -> span.getKind() == kind)
                .hasSize(1));
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getKind() == kind).findFirst().orElseThrow();
    }

    @RpcService
    static class Back implements BackService {

        @Override
        public String echo(String from) {
            return from;
        }
    }

    /** The metadata of each call, as it arrived. */
    static class Received {

        final Queue<Map<String, String>> metadata = new ConcurrentLinkedQueue<>();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(InMemorySpans.class)
    static class ServerApplication {

        @Bean
        Back back() {
            return new Back();
        }

        @Bean
        Received received() {
            return new Received();
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ServerInterceptor recordMetadata(Received received) {
            return (call, next) -> {
                received.metadata.add(Map.copyOf(call.metadata()));
                return next.proceed(call);
            };
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(InMemorySpans.class)
    static class ClientApplication {

        @Bean
        Caller caller() {
            return new Caller();
        }
    }


    static class Caller {

        @RpcReference
        BackService back;
    }
}
