package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rpc.core.client.CallModeResolver;
import dev.rpc.core.client.CallbackCall;
import dev.rpc.core.client.CallbackListener;
import dev.rpc.core.client.ClientInterceptor;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.context.CallContext;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerCallContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Client interceptors and per-call metadata, against a real server. */
class ClientInterceptorTests {

    public interface Headers {

        String header(String key);

        CompletableFuture<String> headerLater(String key);

        @Callback
        void record(String event);

        long remainingMillis();
    }

    static final class HeadersService implements Headers {

        final AtomicInteger calls = new AtomicInteger();

        final List<String> recorded = new CopyOnWriteArrayList<>();

        @Override
        public String header(String key) {
            calls.incrementAndGet();
            return ServerCallContext.current().metadata().get(key);
        }

        @Override
        public CompletableFuture<String> headerLater(String key) {
            return CompletableFuture.completedFuture(header(key));
        }

        @Override
        public void record(String event) {
            recorded.add(event + ":" + ServerCallContext.current().metadata().get("tenant"));
        }

        @Override
        public long remainingMillis() {
            return TimeUnit.NANOSECONDS.toMillis(ServerCallContext.current().remainingNanos());
        }
    }

    private final HeadersService service = new HeadersService();

    private final List<String> events = new CopyOnWriteArrayList<>();

    private RpcServer server;

    private RpcClient client;

    private Headers connect(ClientInterceptor... interceptors) {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).ioThreads(1).build())
                .export(Headers.class, service)
                .start();
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(30))
                .callModeResolver(CallModeResolver.callbackWhenAnnotated(Callback.class))
                .callbackListener(new CallbackListener() {
                    @Override
                    public void onAcknowledged(CallbackCall call) {
                        events.add("acknowledged");
                    }

                    @Override
                    public void onFailure(CallbackCall call, Throwable failure) {
                        events.add("failed " + failure);
                    }
                })
                .interceptors(interceptors)
                .build());
        return client.proxy(Headers.class, ReferenceOptions.to("127.0.0.1:" + server.port()).metadata("app", "shop").build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown(Duration.ofSeconds(5));
    }

    private ClientInterceptor recording(String name) {
        return (call, next) -> {
            events.add(name + " before " + call.method().name() + " " + call.mode());
            return next.proceed(call).whenComplete((result, failure) -> events.add(name + " after " + result));
        };
    }

    @Test
    void anInterceptorAddsMetadataTheServerReadsBesideTheProxysOwn() {
        Headers headers = connect((call, next) -> {
            call.metadata().put("tenant", "acme");
            return next.proceed(call);
        });

        assertThat(headers.header("tenant")).isEqualTo("acme");
        assertThat(headers.header("app")).isEqualTo("shop");
    }

    @Test
    void interceptorsSeeEveryModeInOrderAndItsOutcome() throws Exception {
        Headers headers = connect(recording("outer"), recording("inner"));

        headers.header("app");
        assertThat(events).containsExactly("outer before header RESPONSE", "inner before header RESPONSE",
                "inner after shop", "outer after shop");

        events.clear();
        assertThat(headers.headerLater("app").get()).isEqualTo("shop");
        assertThat(events).containsExactly("outer before headerLater FUTURE", "inner before headerLater FUTURE",
                "inner after shop", "outer after shop");

        events.clear();
        headers.record("restocked");
        await().until(() -> events.contains("acknowledged"));
        assertThat(events).containsSubsequence("outer before record CALLBACK", "inner before record CALLBACK",
                "inner after null", "outer after null");
    }

    @Test
    void anInterceptorFailsTheCallLocallyWithTheStatusItChooses() {
        Headers headers = connect((call, next) -> {
            throw new RpcException(RpcStatus.UNAUTHENTICATED, "no token for " + call.method().name());
        });

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> headers.header("app")).satisfies(failure -> {
            assertThat(failure.status()).isEqualTo(RpcStatus.UNAUTHENTICATED);
            assertThat(failure.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(failure.description()).isEqualTo("no token for header");
            assertThat(failure.method()).isEqualTo("header(java.lang.String)");
        });
        assertThat(service.calls).hasValue(0);
    }

    @Test
    void anInterceptorThatThrowsFailsThatCallOnlyWithInternal() {
        AtomicInteger seen = new AtomicInteger();
        Headers headers = connect((call, next) -> {
            if (seen.incrementAndGet() == 1) {
                throw new IllegalStateException("bug in an interceptor");
            }
            return next.proceed(call);
        });

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> headers.header("app")).satisfies(failure -> {
            assertThat(failure.status()).isEqualTo(RpcStatus.INTERNAL);
            assertThat(failure.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(failure.description()).contains("bug in an interceptor");
        });
        assertThat(headers.header("app")).isEqualTo("shop");
    }

    @Test
    void anInterceptorMayWrapTheOutcome() {
        Headers headers = connect((call, next) -> next.proceed(call).thenApply(result -> "<" + result + ">"));

        assertThat(headers.header("app")).isEqualTo("<shop>");
    }

    @Test
    void perCallMetadataTravelsInEveryModeAndNeverLeaksToTheNextCall() throws Exception {
        Headers headers = connect();

        assertThat(CallContext.with("tenant", "acme").call(() -> headers.header("tenant"))).isEqualTo("acme");
        assertThat(headers.header("tenant")).isNull();
        CompletableFuture<String> later = CallContext.with("tenant", "globex").call(() -> headers.headerLater("tenant"));
        assertThat(later.get()).isEqualTo("globex");
        CallContext.with("tenant", "initech").run(() -> headers.record("restocked"));
        await().until(() -> service.recorded.contains("restocked:initech"));
        assertThat(CallContext.with("app", "override").call(() -> headers.header("app"))).isEqualTo("override");
    }

    @Test
    void aCallMadeInAContextWithADeadlineEndsByItWhenItComesFirst() throws Exception {
        Headers headers = connect();

        long remaining = CallContext.ROOT.withDeadlineAfter(Duration.ofSeconds(2)).call(headers::remainingMillis);
        long unbounded = headers.remainingMillis();

        assertThat(remaining).isBetween(1L, 2_000L);
        assertThat(unbounded).isGreaterThan(2_000L);
    }

    @Test
    void aReferenceMayOptOutOfTheInheritedDeadline() throws Exception {
        Headers headers = connect();
        Headers independent = client.proxy(Headers.class, ReferenceOptions.to("127.0.0.1:" + server.port())
                .inheritDeadline(false).build());

        long remaining = CallContext.ROOT.withDeadlineAfter(Duration.ofSeconds(2)).call(independent::remainingMillis);

        assertThat(remaining).isGreaterThan(2_000L);
        assertThat(CallContext.ROOT.withDeadlineAfter(Duration.ofSeconds(2)).call(headers::remainingMillis))
                .isLessThanOrEqualTo(2_000L);
    }

    @Test
    void aCallWhoseInheritedDeadlinePassedIsNotSent() {
        Headers headers = connect();

        assertThatExceptionOfType(RpcException.class)
                .isThrownBy(() -> CallContext.ROOT.withDeadlineAfter(Duration.ofNanos(-1)).call(() -> headers.header("app")))
                .satisfies(failure -> {
                    assertThat(failure.status()).isEqualTo(RpcStatus.DEADLINE_EXCEEDED);
                    assertThat(failure.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
                });
        assertThat(service.calls).hasValue(0);
    }
}
