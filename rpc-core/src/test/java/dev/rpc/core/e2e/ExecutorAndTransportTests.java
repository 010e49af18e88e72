package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.internal.transport.EventLoops;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerExecutor;
import dev.rpc.core.transport.Transport;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The same calls over every transport this machine has and on every kind of server executor, which thread
 * runs the service method on each, and servers sharing one options object.
 */
class ExecutorAndTransportTests {

    private static final Duration GRACE = Duration.ofSeconds(5);

    @ParameterizedTest
    @EnumSource(Transport.class)
    void callsWorkOverEveryAvailableTransport(Transport transport) throws Exception {
        assumeThat(transport != Transport.EPOLL || Epoll.isAvailable()).as("epoll available").isTrue();
        assumeThat(transport != Transport.IO_URING || IoUring.isAvailable()).as("io_uring available").isTrue();
        assertThat(EventLoops.select(transport).transport()).isNotEqualTo(Transport.AUTO);
        assertRoundTrip(RpcServerOptions.builder().transport(transport), RpcClientOptions.builder().transport(transport));
    }

    @Test
    void defaultExecutorRunsServiceMethodsOnWorkerThreads() throws Exception {
        InventoryService service = assertRoundTrip(RpcServerOptions.builder(), RpcClientOptions.builder());

        assertThat(service.echoThread.getName()).startsWith("rpc-server-worker-");
    }

    @Test
    void directExecutorRunsNonBlockingServicesOnTheEventLoop() throws Exception {
        InventoryService service = assertRoundTrip(RpcServerOptions.builder().executor(ServerExecutor.direct()),
                RpcClientOptions.builder());

        assertThat(service.echoThread).isInstanceOf(FastThreadLocalThread.class);
        assertThat(service.echoThread.getName()).startsWith("rpc-server-io-");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsRunServiceMethodsOnJava21AndLater() throws Exception {
        InventoryService service = assertRoundTrip(RpcServerOptions.builder().executor(ServerExecutor.virtualThreads(100)),
                RpcClientOptions.builder());

        assertThat(isVirtual(service.echoThread)).as("%s is virtual", service.echoThread).isTrue();
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualThreadsBeforeJava21FailWithAClearMessage() {
        assertThatIllegalStateException().isThrownBy(() -> ServerExecutor.virtualThreads(100))
                .withMessageContaining("virtual threads need Java 21 or later");
    }

    @Test
    void serversStartedOneAfterTheOtherFromTheSameOptionsBothServeCalls() {
        RpcServerOptions options = RpcServerOptions.builder().bindAddress("127.0.0.1").port(0)
                .executor(ServerExecutor.bounded(2, 8)).build();

        try (RpcClient client = client()) {
            for (String name : new String[] { "first", "second" }) {
                RpcServer server = start(options, new InventoryService());
                try {
                    assertThat(inventory(client, server).echo(name)).isEqualTo(name);
                }
                finally {
                    server.shutdown(GRACE);
                }
            }
        }
    }

    @Test
    void serversRunningAtOnceFromTheSameOptionsEachServeCallsUntilTheyStop() {
        RpcServerOptions options = RpcServerOptions.builder().bindAddress("127.0.0.1").port(0)
                .executor(ServerExecutor.bounded(2, 8)).build();
        RpcServer first = start(options, new InventoryService());
        RpcServer second = start(options, new InventoryService());
        try (RpcClient client = client()) {
            assertThat(inventory(client, first).echo("first")).isEqualTo("first");
            assertThat(inventory(client, second).echo("second")).isEqualTo("second");

            first.shutdown(GRACE);

            assertThat(inventory(client, second).echo("second, alone")).isEqualTo("second, alone");
        }
        finally {
            first.shutdown(GRACE);
            second.shutdown(GRACE);
        }
    }

    @Test
    void executorTheApplicationSuppliesRunsCallsAndIsNotShutDownWithTheServer() {
        ExecutorService applicationExecutor = Executors.newFixedThreadPool(2, task -> new Thread(task, "application-worker"));
        try (RpcClient client = client()) {
            RpcServerOptions options = RpcServerOptions.builder().bindAddress("127.0.0.1").port(0)
                    .executor(ServerExecutor.of(applicationExecutor)).build();
            InventoryService service = new InventoryService();
            RpcServer server = start(options, service);
            try {
                assertThat(inventory(client, server).echo("on the application's executor")).isNotNull();
                assertThat(service.echoThread.getName()).isEqualTo("application-worker");
            }
            finally {
                server.shutdown(GRACE);
            }

            assertThat(applicationExecutor.isShutdown()).isFalse();
            RpcServer next = start(options, service);
            try {
                assertThat(inventory(client, next).echo("again")).isEqualTo("again");
            }
            finally {
                next.shutdown(GRACE);
            }
        }
        finally {
            applicationExecutor.shutdownNow();
        }
    }

    /** Calls a fresh server three ways; returns its service, whose {@code echoThread} ran the blocking call. */
    private static InventoryService assertRoundTrip(RpcServerOptions.Builder serverOptions,
            RpcClientOptions.Builder clientOptions) throws Exception {
        InventoryService service = new InventoryService();
        RpcServer server = start(serverOptions.bindAddress("127.0.0.1").port(0).build(), service);
        try (RpcClient client = RpcClient.create(clientOptions.defaultTimeout(Duration.ofSeconds(10)).build())) {
            Inventory inventory = inventory(client, server);
            assertThat(inventory.echo("over the wire")).isEqualTo("over the wire");
            assertThat(inventory.orders("c")).hasSize(2);
            CompletableFuture<String> future = inventory.echoAsync("async");
            assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("ASYNC");
        }
        finally {
            server.shutdown(GRACE);
        }
        return service;
    }

    private static RpcServer start(RpcServerOptions options, InventoryService service) {
        return RpcServer.create(options).export(Inventory.class, service).start();
    }

    private static RpcClient client() {
        return RpcClient.create(RpcClientOptions.builder().defaultTimeout(Duration.ofSeconds(10)).build());
    }

    private static Inventory inventory(RpcClient client, RpcServer server) {
        return client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
    }

    /** {@code Thread.isVirtual()}, which exists from Java 21 on; this code compiles for Java 17. */
    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
