package dev.rpc.spring.boot.observation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Queue;

import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.fixtures.BackService;
import dev.rpc.spring.boot.fixtures.MiddleService;
import dev.rpc.spring.boot.observation.InMemorySpans.Spans;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
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
 * Three applications with Micrometer Tracing on OpenTelemetry, each exporting to its own in-memory exporter: a client
 * calls the front server, whose method calls the back server. One trace crosses the three hops, in every call mode,
 * through the call's metadata (W3C {@code traceparent}); the back server's method logs with the trace in its MDC.
 */
class RpcTracingTests {

    private static final String[] TRACING = { "spring.main.banner-mode=off", "management.tracing.sampling.probability=1.0",
            "rpc.client.io-threads=1" };

    private static ConfigurableApplicationContext back;

    private static ConfigurableApplicationContext front;

    private static ConfigurableApplicationContext client;

    private static MiddleService frontService;

    @BeforeAll
    static void start() {
        back = new SpringApplicationBuilder(BackApplication.class).web(WebApplicationType.NONE).properties(TRACING)
                .properties("rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1",
                        "rpc.server.worker-threads=1")
                .run();
        front = new SpringApplicationBuilder(FrontApplication.class).web(WebApplicationType.NONE).properties(TRACING)
                .properties("rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1",
                        "rpc.client.services.BackService.address=127.0.0.1:" + port(back))
                .run();
        client = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE).properties(TRACING)
                .properties("rpc.client.services.MiddleService.address=127.0.0.1:" + port(front))
                .run();
        frontService = client.getBean(Caller.class).front;
    }

    @AfterAll
    static void stop() {
        client.close();
        front.close();
        back.close();
    }

    @BeforeEach
    void clearSpans() {
        for (ConfigurableApplicationContext context : List.of(client, front, back)) {
            context.getBean(Spans.class).exporter.reset();
        }
        back.getBean(Back.class).seen.clear();
    }

    @Test
    void oneTraceCrossesThreeHopsAsClientServerClientServerSpans() {
        frontService.hello("Ada");

        SpanData clientSpan = clientSpan("hello");
        String traceId = clientSpan.getTraceId();
        SpanData frontServer = single(front, SpanKind.SERVER, traceId);
        SpanData frontClient = single(front, SpanKind.CLIENT, traceId);
        SpanData backServer = single(back, SpanKind.SERVER, traceId);
        assertThat(frontServer.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
        assertThat(frontClient.getParentSpanId()).isEqualTo(frontServer.getSpanId());
        assertThat(backServer.getParentSpanId()).isEqualTo(frontClient.getSpanId());
        assertThat(frontServer.getName()).isEqualTo(MiddleService.class.getName() + "/hello");
        assertThat(backServer.getName()).isEqualTo(BackService.class.getName() + "/echo");
    }

    @Test
    void futureModeCallsCarryTheTraceToo() {
        frontService.helloLater("Ada").join();

        SpanData clientSpan = clientSpan("helloLater");
        SpanData frontServer = single(front, SpanKind.SERVER, clientSpan.getTraceId());
        assertThat(frontServer.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
        single(back, SpanKind.SERVER, clientSpan.getTraceId());
    }

    @Test
    void callbackModeCallsCarryTheTraceToo() {
        frontService.notifyBack("shipped");

        SpanData clientSpan = clientSpan("notifyBack");
        SpanData frontServer = single(front, SpanKind.SERVER, clientSpan.getTraceId());
        assertThat(frontServer.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
        single(back, SpanKind.SERVER, clientSpan.getTraceId());
    }

    @Test
    void theServiceMethodLogsWithTheTraceInItsMdcWhichIsClearedAfterwards() {
        frontService.hello("Ada");

        SpanData backServer = single(back, SpanKind.SERVER, clientSpan("hello").getTraceId());
        Back backBean = back.getBean(Back.class);
        await().until(() -> !backBean.seen.isEmpty());
        assertThat(backBean.seen).singleElement().satisfies(seen -> {
            assertThat(seen.inMethod()).containsEntry("traceId", backServer.getTraceId())
                    .containsEntry("spanId", backServer.getSpanId());
            assertThat(seen.afterCall()).doesNotContainKeys("traceId", "spanId");
        });
    }

    /** Returns the one span of a kind that the application ended in the trace, waiting for it. */
    private static SpanData single(ConfigurableApplicationContext context, SpanKind kind, String traceId) {
        InMemorySpanExporter exporter = context.getBean(Spans.class).exporter;
        await().untilAsserted(() -> assertThat(exporter.getFinishedSpanItems())
                .filteredOn(span -> span.getKind() == kind && span.getTraceId().equals(traceId)).hasSize(1));
        return exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == kind && span.getTraceId().equals(traceId))
                .findFirst().orElseThrow();
    }

    /** Returns the client application's span of a call of the front service, which starts the trace. */
    private static SpanData clientSpan(String method) {
        InMemorySpanExporter exporter = client.getBean(Spans.class).exporter;
        String name = MiddleService.class.getName() + "/" + method;
        await().untilAsserted(() -> assertThat(exporter.getFinishedSpanItems()).filteredOn(span -> span.getName().equals(name))
                .hasSize(1));
        SpanData span = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getParentSpanId()).as("a root span").isEqualTo(SpanId.getInvalid());
        return span;
    }

    private static int port(ConfigurableApplicationContext server) {
        return server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
    }

    /** What the back server's thread had in its MDC, in the method and once the call had left it. */
    record SeenMdc(Map<String, String> inMethod, Map<String, String> afterCall) {
    }

    @RpcService
    static class Back implements BackService {

        final Queue<SeenMdc> seen = new ConcurrentLinkedQueue<>();

        private final ThreadLocal<Map<String, String>> inMethod = new ThreadLocal<>();

        @Override
        public String echo(String from) {
            inMethod.set(mdc());
            return from;
        }

        /** Records the MDC the method saw and what is left once every interceptor is done. */
        void callEnded() {
            seen.add(new SeenMdc(inMethod.get(), mdc()));
            inMethod.remove();
        }

        private static Map<String, String> mdc() {
            Map<String, String> copy = MDC.getCopyOfContextMap();
            return copy == null ? Map.of() : copy;
        }
    }

    @RpcService
    static class Front implements MiddleService {

        @RpcReference
        BackService back;

        @Override
        public String hello(String name) {
            return back.echo("hello " + name);
        }

        @Override
        public CompletableFuture<String> helloLater(String name) {
            return CompletableFuture.completedFuture(back.echo("later " + name));
        }

        @Override
        public void notifyBack(String event) {
            back.echo(event);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(InMemorySpans.class)
    static class BackApplication {

        @Bean
        Back back() {
            return new Back();
        }

        /** Outside the observation: sees the worker's MDC once the call has left it. */
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ServerInterceptor mdcAfterCall(Back back) {
            return (call, next) -> {
                try {
                    return next.proceed(call);
                }
                finally {
                    back.callEnded();
                }
            };
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(InMemorySpans.class)
    static class FrontApplication {

        @Bean
        Front front() {
            return new Front();
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
        MiddleService front;
    }
}
