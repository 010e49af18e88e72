package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerExecutor;
import dev.rpc.core.service.ServiceDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Calls that do not go well: every one ends with a clear, typed error, and the server keeps serving. */
class FailureTests {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final InventoryService service = new InventoryService();

    private RpcServer server;

    private RpcClient client;

    private RpcServer start(RpcServerOptions.Builder options) {
        server = RpcServer.create(options.bindAddress("127.0.0.1").port(0).build()).export(Inventory.class, service).start();
        return server;
    }

    private RpcServer start() {
        return start(RpcServerOptions.builder());
    }

    private RpcClient client(RpcClientOptions.Builder options) {
        client = RpcClient.create(options.build());
        return client;
    }

    private <T> T proxy(Class<T> type, ReferenceOptions.Builder reference) {
        if (client == null) {
            client(RpcClientOptions.builder());
        }
        return client.proxy(type, reference.build());
    }

    private ReferenceOptions.Builder toServer() {
        return ReferenceOptions.to("127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        service.gates.values().forEach(java.util.concurrent.CountDownLatch::countDown);
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void unknownServiceIsNotFoundAndTheMessageRevealsNothingTheCallerDidNotSend() {
        start();
        Billing billing = proxy(Billing.class, toServer());
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> billing.invoice("o-1")).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.NOT_FOUND);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains(Billing.class.getName() + ".invoice(java.lang.String)")
                    .contains(String.format("no method with id 0x%08x of a service with id 0x%08x is exported here",
                            Protocol.fnv1a32("invoice(java.lang.String)"), Protocol.fnv1a32(Billing.class.getName())))
                    .doesNotContain(Inventory.class.getName());
        });
    }

    @Test
    void unknownMethodOfAnExportedServiceGetsTheSameAnswerAsAnUnknownService() {
        start();
        InventoryNext next = proxy(InventoryNext.class, toServer().serviceName(Inventory.class.getName()));
        assertThat(next.echo("still compatible")).isEqualTo("still compatible");
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> next.restock("sku", 1)).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.NOT_FOUND);
            assertThat(ex.getMessage()).contains("is exported here; check that the service name and the interface version")
                    .doesNotContain("has no method").doesNotContain("reserve(java.lang.String,int)");
        });
    }

    @Test
    void unknownServiceIsNotFoundAndTheMessageSaysWhatIsExportedWhenTheServerRevealsIt() {
        start(RpcServerOptions.builder().revealServicesOnNotFound(true));
        Billing billing = proxy(Billing.class, toServer());
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> billing.invoice("o-1")).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.NOT_FOUND);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains(Billing.class.getName() + ".invoice(java.lang.String)")
                    .contains("exported services: [" + Inventory.class.getName() + "]");
        });
    }

    @Test
    void unknownMethodIsNotFoundAndTheMessageListsTheServiceMethodsWhenTheServerRevealsThem() {
        start(RpcServerOptions.builder().revealServicesOnNotFound(true));
        InventoryNext next = proxy(InventoryNext.class, toServer().serviceName(Inventory.class.getName()));
        assertThat(next.echo("still compatible")).isEqualTo("still compatible");
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> next.restock("sku", 1)).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.NOT_FOUND);
            assertThat(ex.getMessage()).contains("has no method").contains("reserve(java.lang.String,int)");
        });
    }

    @Test
    void timeoutEndsTheCallWithDeadlineExceededAndTheMostSpecificTimeoutApplies() {
        start();
        Inventory slow = proxy(Inventory.class, toServer().timeout(Duration.ofMillis(400))
                .methodTimeout("await", Duration.ofMillis(150)));
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> slow.await("never")).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.DEADLINE_EXCEEDED);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.UNKNOWN);
            assertThat(ex.getMessage()).contains("timeout of 150 ms");
        });
        CompletableFuture<String> future = slow.awaitAsync("never-either");
        assertThat(future.handle((value, failure) -> failure).join()).isInstanceOfSatisfying(RpcException.class,
                ex -> assertThat(ex.getMessage()).contains("timeout of 400 ms"));
    }

    @Test
    void argumentsThatDoNotMatchTheParameterTypesAreInvalidAndTheMethodDoesNotRun() throws Exception {
        start();
        int serviceId = Protocol.fnv1a32(Inventory.class.getName());
        int reserve = Protocol.fnv1a32("reserve(java.lang.String,int)");
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(RawConnection.request(1, serviceId, reserve, 2, "[\"sku\",\"not a number\"]"));
            RawConnection.Received badType = raw.read();
            assertThat(badType.type()).isEqualTo(FrameType.RESPONSE);
            assertThat(badType.requestId()).isEqualTo(1);
            assertThat(badType.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
            assertThat(badType.message()).contains("cannot decode the arguments");
            assertThat(badType.executed()).isFalse();

            raw.send(RawConnection.request(2, serviceId, reserve, 3, "this body is never parsed"));
            RawConnection.Received badCount = raw.read();
            assertThat(badCount.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
            assertThat(badCount.message()).contains("takes 2 arguments, the request has 3");

            raw.send(RawConnection.request(3, serviceId, reserve, 2, "{not json"));
            assertThat(raw.read().status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);

            raw.send(RawConnection.request(4, serviceId, reserve, 2, "[\"sku\",4]"));
            RawConnection.Received ok = raw.read();
            assertThat(ok.status()).isEqualTo(RpcStatus.OK);
            assertThat(ok.rawRest()).endsWith("4");
        }
        assertThat(service.executions).hasValue(1);
    }

    @Test
    void oversizedRequestIsRefusedAndTheConnectionKeepsServing() {
        start(RpcServerOptions.builder().maxFrameSize(64 * 1024));
        client(RpcClientOptions.builder().maxFrameSize(1024 * 1024));
        Inventory inventory = proxy(Inventory.class, toServer());
        String large = "x".repeat(100_000);
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.echo(large)).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains("exceeds the limit of 65536 bytes");
        });
        assertThat(inventory.echo("small")).isEqualTo("small");
        assertThat(service.executions).hasValue(1);
    }

    @Test
    void oversizedResultIsReportedAsResourceExhaustedAfterTheMethodRan() {
        start(RpcServerOptions.builder().maxFrameSize(64 * 1024));
        Inventory inventory = proxy(Inventory.class, toServer());
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.blob(100_000)).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.EXECUTED);
        });
        assertThat(inventory.blob(10)).hasSize(10);
    }

    @Test
    void requestOverTheClientsOwnLimitIsNeverSent() {
        start();
        client(RpcClientOptions.builder().maxFrameSize(16 * 1024));
        Inventory inventory = proxy(Inventory.class, toServer());
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.echo("y".repeat(20_000)))
                .satisfies(ex -> {
                    assertThat(ex.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
                    assertThat(ex.getMessage()).contains("not sent");
                });
        assertThat(service.executions).hasValue(0);
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        start();
        Inventory inventory = proxy(Inventory.class, toServer());
        assertThat(inventory.echo("before")).isEqualTo("before");
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            RawConnection.Received goAway = raw.read();
            assertThat(goAway.type()).isEqualTo(FrameType.GOAWAY);
            assertThat(goAway.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
            assertThat(goAway.message()).contains("bad magic");
            assertThat(raw.closedByPeer(10_000)).isTrue();
        }
        assertThat(inventory.echo("after")).isEqualTo("after");
    }

    @Test
    void unsupportedVersionIsRefusedWithUnimplemented() throws Exception {
        start();
        byte[] frame = RawConnection.request(9, 1, 2, 0, "[]");
        frame[2] = 2;
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(frame);
            RawConnection.Received goAway = raw.read();
            assertThat(goAway.type()).isEqualTo(FrameType.GOAWAY);
            assertThat(goAway.status()).isEqualTo(RpcStatus.UNIMPLEMENTED);
            assertThat(goAway.message()).contains("version 2 is not supported; this peer speaks 1");
            assertThat(raw.closedByPeer(10_000)).isTrue();
        }
    }

    @Test
    void connectionThatStallsMidFrameIsClosed() throws Exception {
        start(RpcServerOptions.builder().frameTimeout(Duration.ofMillis(300)));
        byte[] frame = RawConnection.request(1, 1, 2, 0, "[]");
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(java.util.Arrays.copyOf(frame, 12));
            assertThat(raw.closedByPeer(10_000)).isTrue();
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(RpcServerOptions.builder().idleTimeout(Duration.ofMillis(300)));
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.closedByPeer(10_000)).isTrue();
        }
    }

    @Test
    void disabledFormatIsRefusedWithUnimplemented() {
        start(RpcServerOptions.builder().formats(SerializationFormat.JSON));
        client(RpcClientOptions.builder().format(SerializationFormat.CBOR));
        Inventory inventory = proxy(Inventory.class, toServer());
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.echo("cbor")).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.UNIMPLEMENTED);
            assertThat(ex.getMessage()).contains("CBOR is not enabled on this server; enabled: [JSON]");
        });
    }

    @Test
    void fullExecutorRefusesCallsWithResourceExhausted() throws Exception {
        start(RpcServerOptions.builder().executor(ServerExecutor.bounded(1, 1)));
        Inventory inventory = proxy(Inventory.class, toServer());
        CompletableFuture<String> running = inventory.awaitAsync("a");
        await().atMost(WAIT).until(() -> service.waiting.get() == 1);
        CompletableFuture<String> queued = inventory.awaitAsync("b");
        CompletableFuture<String> refused = inventory.echoAsync("c");
        assertThat(refused.handle((value, failure) -> failure).get(15, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(RpcException.class, ex -> {
                    assertThat(ex.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
                    assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
                });
        service.open("a");
        service.open("b");
        assertThat(running.get(15, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(queued.get(15, TimeUnit.SECONDS)).isEqualTo("b");
    }

    @Test
    void callWhoseDeadlinePassedInTheQueueIsNotExecuted() throws Exception {
        start(RpcServerOptions.builder().executor(ServerExecutor.bounded(1, 10)));
        Inventory inventory = proxy(Inventory.class, toServer());
        CompletableFuture<String> running = inventory.awaitAsync("a");
        await().atMost(WAIT).until(() -> service.waiting.get() == 1);
        int echo = Protocol.fnv1a32("echo(java.lang.String)");
        try (RawConnection raw = new RawConnection(server.port())) {
            // a deadline of 1 us has passed long before the only worker is free again
            raw.send(RawConnection.request(7, Protocol.fnv1a32(Inventory.class.getName()), echo, 1, 1, "[\"late\"]"));
            await().atMost(WAIT).until(() -> server.callsInFlight() == 2);
            service.open("a");
            RawConnection.Received answer = raw.read();
            assertThat(answer.requestId()).isEqualTo(7);
            assertThat(answer.status()).isEqualTo(RpcStatus.DEADLINE_EXCEEDED);
            assertThat(answer.executed()).isFalse();
        }
        assertThat(running.get(15, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(service.executions).as("only the gated call ran").hasValue(1);
    }

    @Test
    void unreachableAddressFailsFastWithUnavailableNamingTheAddress() {
        client(RpcClientOptions.builder().defaultTimeout(Duration.ofSeconds(30)));
        Inventory nowhere = proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:1"));
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatExceptionOfType(RpcException.class).isThrownBy(() -> nowhere.echo("x")).satisfies(ex -> {
                assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
                assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
                assertThat(ex.getMessage()).contains("cannot connect to 127.0.0.1:1");
            });
        }
    }

    @Test
    void serverKilledMidCallEndsEveryPendingCall() throws Exception {
        start();
        Inventory inventory = proxy(Inventory.class, toServer());
        CompletableFuture<?>[] calls = new CompletableFuture<?>[5];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = inventory.awaitAsync("forever-" + i);
        }
        await().atMost(WAIT).until(() -> service.waiting.get() == calls.length);
        server.shutdown(Duration.ZERO);
        for (CompletableFuture<?> call : calls) {
            assertThat(call.handle((value, failure) -> failure).get(15, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(RpcException.class, ex -> {
                        assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
                        assertThat(ex.executionState()).isEqualTo(ExecutionState.UNKNOWN);
                    });
        }
    }

    @Test
    void gracefulShutdownAnswersEveryCallInFlightAndRefusesNewOnes() throws Exception {
        start();
        Inventory inventory = proxy(Inventory.class, toServer());
        CompletableFuture<?>[] calls = new CompletableFuture<?>[5];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = inventory.awaitAsync("drain");
        }
        await().atMost(WAIT).until(() -> service.waiting.get() == calls.length);
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(20)));
        await().atMost(WAIT).untilAsserted(() -> assertThatExceptionOfType(RpcException.class)
                .isThrownBy(() -> inventory.echo("new call"))
                .satisfies(ex -> {
                    assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
                    assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
                }));
        service.open("drain");
        for (CompletableFuture<?> call : calls) {
            assertThat(call.get(15, TimeUnit.SECONDS)).isEqualTo("drain");
        }
        shutdown.get(30, TimeUnit.SECONDS);
        assertThat(service.executions).as("the refused call never ran").hasValue(calls.length);
    }

    @Test
    void clientReconnectsAfterTheServerRestarts() {
        start();
        int port = server.port();
        client(RpcClientOptions.builder().reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        Inventory inventory = proxy(Inventory.class, toServer());
        assertThat(inventory.echo("one")).isEqualTo("one");
        server.shutdown(Duration.ofSeconds(5));
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.echo("down"))
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE));
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(port).build())
                .export(Inventory.class, service).start();
        await().atMost(WAIT).ignoreExceptionsInstanceOf(RpcException.class)
                .until(() -> "two".equals(inventory.echo("two")));
    }

    @Test
    void closingTheClientEndsPendingCallsAndRefusesNewOnes() throws Exception {
        start();
        Inventory inventory = proxy(Inventory.class, toServer());
        CompletableFuture<String> pending = inventory.awaitAsync("closing");
        await().atMost(WAIT).until(() -> service.waiting.get() == 1);
        client.close();
        assertThat(pending.handle((value, failure) -> failure).get(15, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(RpcException.class, ex -> assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE));
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.echo("after close"))
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE));
    }

    @Test
    void exportingTheSameServiceTwiceFailsWithAClearMessage() {
        RpcServer twice = RpcServer.create(RpcServerOptions.builder().port(0).build()).export(Inventory.class, service);
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> twice.export(ServiceDescriptor.of(Inventory.class), new InventoryService()))
                .withMessageContaining("is exported twice");
        twice.close();
    }

    @Test
    void portInUseFailsWithAClearMessage() {
        start();
        RpcServer second = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(server.port()).build())
                .export(Inventory.class, service);
        assertThatExceptionOfType(dev.rpc.core.server.RpcServerBindException.class).isThrownBy(second::start)
                .withMessageContaining("cannot listen on 127.0.0.1:" + server.port());
    }

    @Test
    void misconfiguredMethodTimeoutNamesTheMethods() {
        start();
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> proxy(Inventory.class, toServer().methodTimeout("reserv", Duration.ofSeconds(1))))
                .withMessageContaining("'reserv'").withMessageContaining("reserve(java.lang.String,int)");
    }
}
