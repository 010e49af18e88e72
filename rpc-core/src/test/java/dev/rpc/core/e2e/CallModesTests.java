package dev.rpc.core.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.CallModeResolver;
import dev.rpc.core.client.CallbackCall;
import dev.rpc.core.client.CallbackListener;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Every call mode end to end, over real sockets on 127.0.0.1. */
class CallModesTests {

    private final InventoryService service = new InventoryService();

    private final List<String> acknowledged = new CopyOnWriteArrayList<>();

    private final List<Throwable> callbackFailures = new CopyOnWriteArrayList<>();

    private RpcServer server;

    private RpcClient client;

    private Inventory inventory;

    @BeforeEach
    void start() {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).build())
                .export(Inventory.class, service)
                .start();
        client = RpcClient.create(RpcClientOptions.builder()
                .defaultTimeout(Duration.ofSeconds(10))
                .callModeResolver(CallModeResolver.callbackWhenAnnotated(Callback.class))
                .callbackListener(new CallbackListener() {
                    @Override
                    public void onAcknowledged(CallbackCall call) {
                        acknowledged.add((String) call.arguments()[0]);
                    }

                    @Override
                    public void onFailure(CallbackCall call, Throwable failure) {
                        callbackFailures.add(failure);
                    }
                })
                .build());
        inventory = client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
    }

    @AfterEach
    void stop() {
        service.gates.values().forEach(java.util.concurrent.CountDownLatch::countDown);
        client.close();
        server.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void responseModeReturnsValuesOfGenericTypes() {
        assertThat(inventory.orders("ann")).extracting(Inventory.Order::id).containsExactly("ann-1", "ann-2");
        assertThat(inventory.orders("ann").get(1).placed()).isEqualTo(Instant.ofEpochSecond(1_700_000_001, 5));
        assertThat(inventory.items(Set.of("ab", "c"))).isEqualTo(
                Map.of("ab", new Inventory.Item("ab", 2), "c", new Inventory.Item("c", 1)));
        assertThat(inventory.find("")).isEmpty();
        assertThat(inventory.find("o-7")).map(Inventory.Order::lines).contains(List.of("x"));
        assertThat(inventory.echoInstant(Instant.parse("2026-11-24T10:15:30.123456789Z")))
                .isEqualTo(Instant.parse("2026-11-24T10:15:30.123456789Z"));
        assertThat(inventory.echo(null)).isNull();
        assertThat(inventory.blob(100_000)).hasSize(100_000);
    }

    @Test
    void overloadsReachTheirOwnImplementation() throws Exception {
        assertThat(inventory.reserve("sku", 3)).isEqualTo(3);
        assertThat(inventory.reserve("sku")).isEqualTo(-1);
    }

    @Test
    void defaultMethodsRunLocally() {
        assertThat(inventory.greeting()).isEqualTo("local default method");
        assertThat(service.executions).hasValue(0);
    }

    @Test
    void declaredExceptionArrivesAsItself() {
        assertThatExceptionOfType(OutOfStockException.class).isThrownBy(() -> inventory.reserve("sku", 11))
                .withMessage("only 10 of sku left, asked for 11")
                .satisfies(ex -> assertThat(ex.getStackTrace()).anyMatch(
                        frame -> frame.getClassName().equals(CallModesTests.class.getName())));
    }

    @Test
    void undeclaredExceptionArrivesAsApplicationErrorWithTheRemoteTypeAsText() {
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.failUndeclared("boom"))
                .satisfies(ex -> {
                    assertThat(ex.status()).isEqualTo(RpcStatus.APPLICATION_ERROR);
                    assertThat(ex.remoteType()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(ex.executionState()).isEqualTo(ExecutionState.EXECUTED);
                    assertThat(ex.service()).isEqualTo(Inventory.class.getName());
                    assertThat(ex.method()).isEqualTo("failUndeclared(java.lang.String)");
                    assertThat(ex.getMessage()).contains("boom");
                });
    }

    @Test
    void futureModeCompletesWithoutBlockingTheCaller() throws Exception {
        CompletableFuture<String> future = inventory.echoAsync("hello");
        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("HELLO");
    }

    @Test
    void futureModeCompletesExceptionallyWithTheDeclaredException() {
        CompletableFuture<Integer> future;
        try {
            future = inventory.failAsync("sold out");
        }
        catch (OutOfStockException ex) {
            throw new AssertionError(ex);
        }
        await().atMost(Duration.ofSeconds(10)).until(future::isDone);
        assertThat(future).isCompletedExceptionally();
        assertThat(future.handle((value, failure) -> failure).join())
                .isInstanceOf(OutOfStockException.class).hasMessage("sold out");
    }

    @Test
    void futureStagesThatBlockOnTheIoThreadAreRefused() {
        CompletableFuture<String> nested = inventory.echoAsync("x").thenApply(value -> inventory.echo(value));
        assertThat(nested.handle((value, failure) -> failure.getCause()).join())
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("blocking call made on an RPC I/O thread");
    }

    @Test
    void callbackModeReturnsAtOnceAndIsAcknowledgedAfterTheMethodRan() {
        inventory.record("first");
        inventory.record("second");
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() == 2);
        assertThat(acknowledged).containsExactlyInAnyOrder("first", "second");
        assertThat(service.recorded).containsExactlyInAnyOrder("first", "second");
        assertThat(callbackFailures).isEmpty();
    }

    @Test
    void callbackModeFailureReachesTheListenerAsExecuted() throws Exception {
        inventory.recordOrFail("third");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbackFailures.size() == 1);
        assertThat(callbackFailures.get(0)).isInstanceOf(OutOfStockException.class).hasMessage("cannot record third");
        assertThat(acknowledged).isEmpty();
    }

    @Test
    void callbackModeCallThatCannotBeDeliveredReachesTheListenerAsNotExecuted() {
        Inventory nowhere = client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:1").build());
        nowhere.record("lost");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbackFailures.size() == 1);
        assertThat(callbackFailures.get(0)).isInstanceOfSatisfying(RpcException.class, ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains("127.0.0.1:1");
        });
    }

    @Test
    void metadataReachesTheServiceMethod() {
        Inventory tagged = client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:" + server.port())
                .metadata("tenant", "acme").build());
        assertThat(tagged.metadata("tenant")).isEqualTo("acme");
        assertThat(inventory.metadata("tenant")).isNull();
    }

    @Test
    void proxiesOfOneAddressShareOneConnection() {
        Inventory second = client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
        assertThat(second.echo("a")).isEqualTo("a");
        assertThat(inventory.echo("b")).isEqualTo("b");
        assertThat(client.endpointCount()).isEqualTo(1);
    }

    @Test
    void concurrentCallsOnOneConnectionGetTheirOwnAnswers() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(callers.submit(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        String expected = thread + "/" + i;
                        String actual = i % 2 == 0 ? inventory.echo(expected)
                                : inventory.echoAsync(expected).get(10, TimeUnit.SECONDS).toLowerCase();
                        if (!expected.equals(actual)) {
                            mismatches.add(expected + " -> " + actual);
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        }
        finally {
            callers.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void everyFormatCarriesTheSameValues(SerializationFormat format) throws Exception {
        try (RpcClient formatClient = RpcClient.create(RpcClientOptions.builder().format(format).build())) {
            Inventory proxy = formatClient.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
            assertThat(proxy.orders("bo")).isEqualTo(inventory.orders("bo"));
            assertThat(proxy.find("")).isEqualTo(Optional.empty());
            assertThatExceptionOfType(OutOfStockException.class).isThrownBy(() -> proxy.reserve("x", 99));
        }
    }
}
