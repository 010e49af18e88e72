package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.rpc.core.client.CallModeResolver;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.core.service.ServiceDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Server interceptors against a real client and raw connections. */
class ServerInterceptorTests {

    private static final ThreadLocal<String> USER = new ThreadLocal<>();

    private final Jobs.Service service = new Jobs.Service();

    private final List<String> events = new CopyOnWriteArrayList<>();

    private RpcServer server;

    private RpcClient client;

    private Jobs start(ServerInterceptor... interceptors) {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).ioThreads(1)
                        .interceptors(interceptors).build())
                .export(Jobs.class, service)
                .start();
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(30))
                .callModeResolver(CallModeResolver.callbackWhenAnnotated(Callback.class)).build());
        return client.proxy(Jobs.class, ReferenceOptions.to("127.0.0.1:" + server.port()).metadata("token", "t-1").build());
    }

    @AfterEach
    void stop() {
        service.gates.values().forEach(java.util.concurrent.CountDownLatch::countDown);
        client.close();
        server.shutdown(Duration.ofSeconds(5));
    }

    private static final ServerInterceptor REQUIRE_TOKEN = (call, next) -> {
        if (!"t-1".equals(call.metadata().get("token"))) {
            throw new RpcException(RpcStatus.UNAUTHENTICATED, "no valid token");
        }
        return next.proceed(call);
    };

    @Test
    void aRefusalIsAnsweredBeforeTheBodyIsParsedAndTheMethodDoesNotRun() throws Exception {
        start(REQUIRE_TOKEN);
        ServiceDescriptor jobs = ServiceDescriptor.of(Jobs.class);
        int echo = jobs.methods().stream().filter(m -> m.name().equals("echo")).findFirst().orElseThrow().id();

        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(RawConnection.request(1, Protocol.fnv1a32(Jobs.class.getName()), echo, 1, "{ not json at all"));
            RawConnection.Received answer = raw.read();

            assertThat(answer.status()).isEqualTo(RpcStatus.UNAUTHENTICATED);
            assertThat(answer.message()).isEqualTo("no valid token");
            assertThat(answer.executed()).isFalse();
        }
        assertThat(service.ran).isEmpty();
    }

    @Test
    void aClientWithTheTokenIsServedAndOneWithoutIsRefusedNotExecuted() {
        Jobs jobs = start(REQUIRE_TOKEN);
        Jobs anonymous = client.proxy(Jobs.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());

        assertThat(jobs.echo("hello")).isEqualTo("hello");
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> anonymous.echo("hello")).satisfies(failure -> {
            assertThat(failure.status()).isEqualTo(RpcStatus.UNAUTHENTICATED);
            assertThat(failure.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
        });
        assertThat(service.ran).containsExactly("hello");
    }

    @Test
    void aValueTheInterceptorSetsIsReadByTheMethod() {
        Jobs jobs = start((call, next) -> next.proceed(call.put(Jobs.TENANT, "tenant of " + call.metadata().get("token"))));

        assertThat(jobs.tenant()).isEqualTo("tenant of t-1");
    }

    @Test
    void theInterceptorRunsOnTheMethodsThreadAroundIt() {
        Jobs jobs = start((call, next) -> {
            USER.set("ann");
            try {
                return next.proceed(call);
            }
            finally {
                USER.remove();
            }
        }, (call, next) -> {
            events.add("user " + USER.get() + " calls " + call.method().name());
            return next.proceed(call);
        });

        assertThat(jobs.echo("x")).isEqualTo("x");
        assertThat(events).containsExactly("user ann calls echo");
    }

    @Test
    void theInterceptorSeesTheOutcomeOfEveryModeIncludingALaterFutureAndTheAck() throws Exception {
        Jobs jobs = start((call, next) -> next.proceed(call).whenComplete((result, failure) ->
                events.add(call.method().name() + (call.isCallback() ? " acknowledged " : " ended ") + result)));

        jobs.echo("now");
        assertThat(jobs.echoLater("later").get()).isEqualTo("later");
        jobs.record("event");

        await().until(() -> events.size() == 3);
        assertThat(events).containsExactlyInAnyOrder("echo ended now", "echoLater ended later",
                "record acknowledged null");
    }

    @Test
    void anExceptionAfterTheMethodRanIsAnsweredExecuted() {
        Jobs jobs = start((call, next) -> next.proceed(call).thenApply(result -> {
            throw new RpcException(RpcStatus.PERMISSION_DENIED, "the result may not leave");
        }));

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> jobs.echo("secret")).satisfies(failure -> {
            assertThat(failure.status()).isEqualTo(RpcStatus.PERMISSION_DENIED);
            assertThat(failure.executionState()).isEqualTo(ExecutionState.EXECUTED);
        });
    }

    @Test
    void anInterceptorThatThrowsFailsThatCallOnlyWithInternal() {
        int[] calls = new int[1];
        Jobs jobs = start((call, next) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("bug");
            }
            return next.proceed(call);
        });

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> jobs.echo("first")).satisfies(failure -> {
            assertThat(failure.status()).isEqualTo(RpcStatus.INTERNAL);
            assertThat(failure.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(failure.description()).doesNotContain("bug");
        });
        assertThat(jobs.echo("second")).isEqualTo("second");
    }
}
