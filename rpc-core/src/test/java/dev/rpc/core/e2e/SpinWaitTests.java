package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerExecutor;
import dev.rpc.core.transport.Transport;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spinWait} on, event loops poll for their
 * workers' answers and idle workers poll for calls: every call is still answered, a blocking method still never
 * holds up an event loop, and a full queue still refuses calls.
 */
class SpinWaitTests {

    private static final Duration SPIN = Duration.ofNanos(200_000);

    private final InventoryService service = new InventoryService();

    private RpcServer server;

    private RpcClient client;

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

    private Inventory start(RpcServerOptions.Builder options) {
        server = RpcServer.create(options.bindAddress("127.0.0.1").port(0).ioThreads(1).spinWait(SPIN).build())
                .export(Inventory.class, service)
                .start();
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(10)).build());
        return client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = { "EPOLL", "NIO" })
    void everyCallOfEveryModeIsAnsweredWhileThreadsPoll(Transport transport) throws Exception {
        assumeThat(transport != Transport.EPOLL || Epoll.isAvailable()).as("epoll available").isTrue();
        Inventory inventory = start(RpcServerOptions.builder().transport(transport));
        for (int round = 0; round < 10; round++) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) { // within the 256 calls one connection may have in flight
                futures.add(inventory.echoAsync("async-" + round + "-" + i));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(inventory.echo("blocking-" + round + "-" + i)).isEqualTo("blocking-" + round + "-" + i);
                inventory.record("event-" + round + "-" + i);
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("ASYNC-" + round + "-" + i); // echoAsync answers upper case
            }
        }
        await().untilAsserted(() -> assertThat(service.recorded).hasSize(200));
    }

    @Test
    void aMethodThatBlocksHoldsUpNeitherTheEventLoopNorOtherCalls() throws Exception {
        Inventory inventory = start(RpcServerOptions.builder().executor(ServerExecutor.bounded(4, 16)));
        List<CompletableFuture<String>> blocked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int gate = i;
            blocked.add(CompletableFuture.supplyAsync(() -> inventory.await("gate-" + gate)));
        }
        await().untilAsserted(() -> assertThat(service.waiting).hasValue(3));

        for (int i = 0; i < 500; i++) {
            assertThat(inventory.echo("while-blocked-" + i)).isEqualTo("while-blocked-" + i);
        }
        assertThat(blocked).noneMatch(CompletableFuture::isDone);

        for (int i = 0; i < 3; i++) {
            service.open("gate-" + i);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(blocked.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("gate-" + i);
        }
    }

    @Test
    void aFullQueueStillRefusesCallsWithoutRunningThem() {
        Inventory inventory = start(RpcServerOptions.builder().executor(ServerExecutor.bounded(1, 1)));
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> inventory.await("running"));
        await().untilAsserted(() -> assertThat(service.waiting).hasValue(1));
        CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> inventory.await("queued"));
        await().untilAsserted(() -> assertThat(server.queuedCalls()).isEqualTo(1));

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> inventory.echo("one too many")).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
        });

        service.open("running");
        service.open("queued");
        assertThat(running.join()).isEqualTo("running");
        assertThat(queued.join()).isEqualTo("queued");
    }

    @Test
    void spinWaitIsOffByDefault() {
        assertThat(RpcServerOptions.builder().build().spinWait()).isZero();
    }

    @Test
    void spinWaitOutsideZeroToOneMillisecondIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> RpcServerOptions.builder().spinWait(Duration.ofNanos(-1)).build())
                .withMessageContaining("spinWait must be within 0..1ms");
        assertThatIllegalArgumentException().isThrownBy(() -> RpcServerOptions.builder().spinWait(Duration.ofMillis(2)).build())
                .withMessageContaining("spinWait must be within 0..1ms");
    }
}
