package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerExecutor;
import dev.rpc.core.transport.EventLoops;
import dev.rpc.core.transport.Transport;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The same calls over every transport this machine has and on every kind of server executor. */
class ExecutorAndTransportTests {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void callsWorkOverEveryAvailableTransport(Transport transport) throws Exception {
        assumeThat(transport != Transport.EPOLL || Epoll.isAvailable()).as("epoll available").isTrue();
        assumeThat(transport != Transport.IO_URING || IoUring.isAvailable()).as("io_uring available").isTrue();
        assertThat(EventLoops.select(transport).transport()).isNotEqualTo(Transport.AUTO);
        assertRoundTrip(RpcServerOptions.builder().transport(transport), RpcClientOptions.builder().transport(transport));
    }

    @Test
    void directExecutorRunsNonBlockingServicesOnTheEventLoop() throws Exception {
        assertRoundTrip(RpcServerOptions.builder().executor(ServerExecutor.direct()), RpcClientOptions.builder());
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsRunServiceMethodsOnJava21AndLater() throws Exception {
        assertRoundTrip(RpcServerOptions.builder().executor(ServerExecutor.virtualThreads(100)), RpcClientOptions.builder());
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualThreadsBeforeJava21FailWithAClearMessage() {
        assertThatIllegalStateException().isThrownBy(() -> ServerExecutor.virtualThreads(100))
                .withMessageContaining("virtual threads need Java 21 or later");
    }

    private static void assertRoundTrip(RpcServerOptions.Builder serverOptions, RpcClientOptions.Builder clientOptions)
            throws Exception {
        InventoryService service = new InventoryService();
        RpcServer server = RpcServer.create(serverOptions.bindAddress("127.0.0.1").port(0).build())
                .export(Inventory.class, service).start();
        try (RpcClient client = RpcClient.create(clientOptions.defaultTimeout(Duration.ofSeconds(10)).build())) {
            Inventory inventory = client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
            assertThat(inventory.echo("over the wire")).isEqualTo("over the wire");
            assertThat(inventory.orders("c")).hasSize(2);
            CompletableFuture<String> future = inventory.echoAsync("async");
            assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("ASYNC");
        }
        finally {
            server.shutdown(Duration.ofSeconds(5));
        }
    }
}
