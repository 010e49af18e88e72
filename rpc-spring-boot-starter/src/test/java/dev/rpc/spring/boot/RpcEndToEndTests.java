package dev.rpc.spring.boot;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.spring.boot.annotation.EnableRpcClients;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.client.CallFailureKind;
import dev.rpc.spring.boot.fixtures.CallbackRecorder.Failure;
import dev.rpc.spring.boot.fixtures.CallbackRecorder;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.fixtures.Greeting;
import dev.rpc.spring.boot.fixtures.GreetingException;
import dev.rpc.spring.boot.fixtures.GreetingService;
import dev.rpc.spring.boot.fixtures.UnexportedService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A server application and client applications in one JVM, on 127.0.0.1 and a free port: every call mode,
 * the timeout precedence, the classification of callback-mode failures, and a graceful shutdown.
 */
@ExtendWith(OutputCaptureExtension.class)
class RpcEndToEndTests {

    private static ConfigurableApplicationContext server;

    private static int port;

    private final List<ConfigurableApplicationContext> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = startServer(ServerApplication.class);
        port = server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void stopClientsAndOpenGate() {
        server.getBean(Gate.class).reset();
        this.clients.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void blockingMethodReturnsTheResult() {
        Callers callers = startClient(ClientApplication.class).getBean(Callers.class);

        assertThat(callers.greetings.greet("Ada")).isEqualTo("Hello, Ada");
    }

    @Test
    void futureMethodCompletesWithTheResult() throws Exception {
        Callers callers = startClient(ClientApplication.class).getBean(Callers.class);

        assertThat(callers.greetings.greetLater("Ada").get(5, TimeUnit.SECONDS)).isEqualTo("Hello later, Ada");
    }

    @Test
    void genericListOfRecordsArrivesTyped() {
        Callers callers = startClient(ClientApplication.class).getBean(Callers.class);

        assertThat(callers.greetings.history(2)).containsExactly(new Greeting("guest-1", 1), new Greeting("guest-2", 2));
    }

    @Test
    void declaredExceptionArrivesAsItself() {
        Callers callers = startClient(ClientApplication.class).getBean(Callers.class);

        assertThatExceptionOfType(GreetingException.class).isThrownBy(() -> callers.greetings.refuse("Bob"))
                .withMessage("nobody greets Bob")
                .satisfies(ex -> assertThat(ex.getName()).isEqualTo("Bob"));
    }

    @Test
    void constructorParametersAndDeclaredClientsReceiveProxiesSharingOneConnection() {
        ConfigurableApplicationContext client = startClient(ClientApplication.class);

        ConstructorCaller caller = client.getBean(ConstructorCaller.class);
        assertThat(caller.fromParameter.greet("param")).isEqualTo("Hello, param");
        assertThat(caller.declared.greet("declared")).isEqualTo("Hello, declared");
        assertThat(caller.fromParameter).isSameAs(client.getBean(Callers.class).greetings);
        assertThat(client.getBean(RpcClient.class).endpointCount())
                .as("every proxy, two addresses: the server's and the closed port of 'nowhere'").isEqualTo(2);
    }

    @ParameterizedTest(name = "with @EnableAsync on the client: {0}")
    @ValueSource(booleans = { false, true })
    void callbackCallIsAcknowledgedOnlyAfterTheServerRanIt(boolean enableAsync) {
        ConfigurableApplicationContext client = startClient(enableAsync ? AsyncClientApplication.class : ClientApplication.class);
        Callers callers = client.getBean(Callers.class);
        CallbackRecorder recorder = client.getBean(CallbackRecorder.class);
        DefaultGreetingService service = server.getBean(DefaultGreetingService.class);
        Gate gate = server.getBean(Gate.class);

        callers.greetings.recordAfterGate("gated-" + enableAsync);

        await().until(() -> gate.waiting() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> recorder.acknowledged.isEmpty());
        gate.open();
        await().until(() -> recorder.acknowledged.size() == 1);
        assertThat(service.recorded()).contains("gated-" + enableAsync);
        assertThat(recorder.acknowledged.peek().method().name()).isEqualTo("recordAfterGate");
        assertThat(AopUtils.isAopProxy(server.getBean(DefaultGreetingService.class)))
                .as("the server's bean is wrapped by @EnableAsync").isTrue();
        assertThat(AopUtils.isAopProxy(client.getBean(GreetingService.class))).isFalse();
    }

    @Test
    void serverRunsAsyncAnnotatedMethodOnItsWorkersNotOnSpringsAsyncExecutor() {
        ConfigurableApplicationContext client = startClient(ClientApplication.class);
        CallbackRecorder recorder = client.getBean(CallbackRecorder.class);
        DefaultGreetingService service = server.getBean(DefaultGreetingService.class);

        client.getBean(Callers.class).greetings.record("plain");

        await().until(() -> recorder.acknowledged.size() == 1);
        assertThat(service.recorded()).contains("plain");
        assertThat(service.recordingThreads()).allMatch(thread -> thread.startsWith("rpc-server-worker"));
    }

    @ParameterizedTest(name = "with @EnableAsync on the client: {0}")
    @ValueSource(booleans = { false, true })
    void callbackFailuresReachTheAsyncUncaughtExceptionHandlerClassified(boolean enableAsync) {
        ConfigurableApplicationContext client = startClient(enableAsync ? AsyncClientApplication.class : ClientApplication.class);
        Callers callers = client.getBean(Callers.class);
        CallbackRecorder recorder = client.getBean(CallbackRecorder.class);

        callers.greetings.record("boom");
        Failure executed = awaitFailure(recorder);
        assertThat(executed.method().getName()).isEqualTo("record");
        assertThat(executed.params()).containsExactly("boom");
        assertThat(executed.thread()).startsWith("rpc-callback-");
        assertRpcFailure(executed, RpcStatus.APPLICATION_ERROR, ExecutionState.EXECUTED, CallFailureKind.EXECUTED_AND_FAILED);
        assertThat(((RpcException) executed.failure()).remoteType()).isEqualTo(IllegalStateException.class.getName());

        callers.unexported.fire("lost");
        assertRpcFailure(awaitFailure(recorder), RpcStatus.NOT_FOUND, ExecutionState.NOT_EXECUTED, CallFailureKind.REJECTED);

        callers.nowhere.record("undeliverable");
        assertRpcFailure(awaitFailure(recorder), RpcStatus.UNAVAILABLE, ExecutionState.NOT_EXECUTED,
                CallFailureKind.NOT_DELIVERED);

        callers.impatient.recordAfterGate("too slow");
        assertRpcFailure(awaitFailure(recorder), RpcStatus.DEADLINE_EXCEEDED, ExecutionState.UNKNOWN,
                CallFailureKind.OUTCOME_UNKNOWN);
    }

    @Test
    void callbackFailureWithoutHandlerIsLoggedWithServiceMethodAndRequestId(CapturedOutput output) {
        Callers callers = startClient(ClientWithoutHandlerApplication.class).getBean(Callers.class);

        callers.greetings.record("boom");

        await().until(() -> output.getOut().contains("Callback-mode call to " + GreetingService.class.getName()
                + ".record(java.lang.String) (request "));
        assertThat(output.getOut()).contains("to 127.0.0.1:" + port + ") failed (APPLICATION_ERROR, EXECUTED: the method ran and threw)");
    }

    @Test
    void timeoutOfMethodOverridesServiceWhichOverridesDefault() {
        Callers callers = startClient(ClientApplication.class).getBean(Callers.class);

        long byMethod = elapsedUntilDeadline(() -> callers.byMethod.waitForGate("method"));
        long byService = elapsedUntilDeadline(() -> callers.byService.waitForGate("service"));
        long byDefault = elapsedUntilDeadline(() -> callers.byDefault.waitForGate("default"));

        assertThat(byMethod).as("method timeout 200ms").isBetween(200L, 699L);
        assertThat(byService).as("service timeout 700ms").isBetween(700L, 1499L);
        assertThat(byDefault).as("default timeout 1500ms").isBetween(1500L, 4000L);
        assertThat(callers.byMethod.greet("fast")).as("other methods keep the service timeout").isEqualTo("Hello, fast");
    }

    @Test
    void shutdownWithCallsInFlightLosesNone() throws Exception {
        ConfigurableApplicationContext drained = startServer(ServerApplication.class);
        int drainedPort = drained.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
        Callers callers = startClient(ClientApplication.class, "rpc.client.services.drained.address=127.0.0.1:" + drainedPort)
                .getBean(Callers.class);
        Gate gate = drained.getBean(Gate.class);
        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String tag = "call-" + i;
            inFlight.add(CompletableFuture.supplyAsync(() -> callers.drained.waitForGate(tag)));
        }
        await().until(() -> gate.waiting() == 8);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(drained::close);
        await().until(() -> !drained.getBean(RpcServerLifecycle.class).isRunning());
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> callers.drained.greet("late"))
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE))
                .satisfies(ex -> assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED));
        assertThat(closing).isNotDone();
        gate.open();

        closing.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < inFlight.size(); i++) {
            assertThat(inFlight.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("passed call-" + i);
        }
    }

    private static Failure awaitFailure(CallbackRecorder recorder) {
        await().until(() -> !recorder.failures.isEmpty());
        return recorder.failures.poll();
    }

    private static void assertRpcFailure(Failure failure, RpcStatus status, ExecutionState state, CallFailureKind kind) {
        assertThat(failure.failure()).isInstanceOfSatisfying(RpcException.class, rpc -> {
            assertThat(rpc.status()).isEqualTo(status);
            assertThat(rpc.executionState()).isEqualTo(state);
        });
        assertThat(CallFailureKind.of(failure.failure())).isEqualTo(kind);
    }

    private static long elapsedUntilDeadline(Runnable call) {
        long start = System.nanoTime();
        assertThatExceptionOfType(RpcException.class).isThrownBy(call::run)
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.DEADLINE_EXCEEDED));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static ConfigurableApplicationContext startServer(Class<?> application) {
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.port=0", "rpc.server.address=127.0.0.1",
                        "rpc.server.io-threads=1", "rpc.server.shutdown-grace-period=10s")
                .run();
    }

    private ConfigurableApplicationContext startClient(Class<?> application, String... properties) {
        String target = "127.0.0.1:" + port;
        ConfigurableApplicationContext client = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1", "rpc.client.timeout=1500ms",
                        "rpc.client.services.greetings.address=" + target,
                        "rpc.client.services.GreetingService.address=" + target,
                        "rpc.client.services.unexported.address=" + target,
                        "rpc.client.services.nowhere.address=127.0.0.1:" + closedPort(),
                        "rpc.client.services.impatient.address=" + target,
                        "rpc.client.services.impatient.methods.recordAfterGate.timeout=200ms",
                        "rpc.client.services.by-default.address=" + target,
                        "rpc.client.services.by-service.address=" + target,
                        "rpc.client.services.by-service.timeout=700ms",
                        "rpc.client.services.by-method.address=" + target,
                        "rpc.client.services.by-method.timeout=700ms",
                        "rpc.client.services.by-method.methods.waitForGate.timeout=200ms",
                        "rpc.client.services.drained.address=" + target)
                .properties(properties)
                .run();
        this.clients.add(client);
        return client;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableAsync
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

    /** Field injection of every reference the tests use. */
    static class Callers {

        @RpcReference(service = "greetings")
        GreetingService greetings;

        @RpcReference(service = "unexported")
        UnexportedService unexported;

        @RpcReference(service = "nowhere")
        GreetingService nowhere;

        @RpcReference(service = "impatient")
        GreetingService impatient;

        @RpcReference(service = "by-default")
        GreetingService byDefault;

        @RpcReference(service = "by-service")
        GreetingService byService;

        @RpcReference(service = "by-method")
        GreetingService byMethod;

        @RpcReference(service = "drained")
        GreetingService drained;
    }

    /** Constructor injection, both ways. */
    static class ConstructorCaller {

        final GreetingService fromParameter;

        final GreetingService declared;

        ConstructorCaller(@RpcReference(service = "greetings") GreetingService fromParameter, GreetingService declared) {
            this.fromParameter = fromParameter;
            this.declared = declared;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableRpcClients(clients = GreetingService.class)
    static class ClientWithoutHandlerApplication {

        @Bean
        Callers callers() {
            return new Callers();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableRpcClients(clients = GreetingService.class)
    static class ClientApplication {

        @Bean
        Callers callers() {
            return new Callers();
        }

        @Bean
        ConstructorCaller constructorCaller(@RpcReference(service = "greetings") GreetingService fromParameter,
                GreetingService declared) {
            return new ConstructorCaller(fromParameter, declared);
        }

        @Bean
        CallbackRecorder callbackRecorder() {
            return new CallbackRecorder();
        }

        @Bean
        AsyncConfigurer asyncConfigurer(CallbackRecorder recorder) {
            return new AsyncConfigurer() {
                @Override
                public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
                    return recorder;
                }
            };
        }
    }

    @EnableAsync
    static class AsyncClientApplication extends ClientApplication {
    }
}
