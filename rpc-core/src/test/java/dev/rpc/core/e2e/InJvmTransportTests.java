package dev.rpc.core.e2e;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerBindException;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.core.transport.Transport;
import io.netty.channel.local.LocalAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/** The in-JVM transport: a real server and client on Netty's in-JVM channels, with the codec and serialization. */
class InJvmTransportTests {

    private final InventoryService inventoryService = new InventoryService();

    private final Jobs.Service jobsService = new Jobs.Service();

    private final List<String> acknowledged = new CopyOnWriteArrayList<>();

    private final List<SocketAddress> peers = new CopyOnWriteArrayList<>();

    private final List<RpcServer> servers = new ArrayList<>();

    private final List<RpcClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        inventoryService.gates.values().forEach(CountDownLatch::countDown);
        jobsService.gates.values().forEach(CountDownLatch::countDown);
        clients.forEach(RpcClient::close);
        servers.forEach(server -> server.shutdown(Duration.ofSeconds(5)));
    }

    private RpcServer serve(Transport transport, ServerInterceptor... interceptors) {
        RpcServer server = RpcServer.create(RpcServerOptions.builder().transport(transport).bindAddress("127.0.0.1")
                        .port(0).ioThreads(1).interceptors(interceptors).build())
                .export(Inventory.class, inventoryService)
                .export(Jobs.class, jobsService)
                .start();
        servers.add(server);
        return server;
    }

    private <T> T connect(Class<T> service, Transport transport, RpcServer server, ReferenceOptions.Builder reference) {
        RpcClient client = RpcClient.create(RpcClientOptions.builder().transport(transport).ioThreads(1)
                .defaultTimeout(Duration.ofSeconds(10))
                .callModeResolver(CallModeResolver.callbackWhenAnnotated(Callback.class))
                .callbackListener(new CallbackListener() {
                    @Override
                    public void onAcknowledged(CallbackCall call) {
                        acknowledged.add((String) call.arguments()[0]);
                    }

                    @Override
                    public void onFailure(CallbackCall call, Throwable failure) {
                        acknowledged.add("failed: " + failure);
                    }
                })
                .build());
        clients.add(client);
        return client.proxy(service, reference.build());
    }

    private static ReferenceOptions.Builder to(RpcServer server) {
        return ReferenceOptions.to("localhost:" + server.port());
    }

    @Test
    void everyCallModeWorksOverTheInJvmTransport() throws Exception {
        RpcServer server = serve(Transport.IN_JVM);
        Inventory inventory = connect(Inventory.class, Transport.IN_JVM, server, to(server));

        assertThat(inventory.orders("ann")).extracting(Inventory.Order::id).containsExactly("ann-1", "ann-2");
        assertThat(inventory.echoAsync("hello").get(10, TimeUnit.SECONDS)).isEqualTo("HELLO");
        inventory.record("in-jvm");
        await().until(() -> acknowledged.contains("in-jvm"));
        assertThat(inventoryService.recorded).containsExactly("in-jvm");
        assertThatExceptionOfType(OutOfStockException.class).isThrownBy(() -> inventory.reserve("sku", 11))
                .withMessage("only 10 of sku left, asked for 11");
    }

    @Test
    void metadataAndInterceptorsSeeTheCallAndThePeerIsTheClientsInJvmChannel() {
        ServerInterceptor recordPeer = (call, next) -> {
            peers.add(call.remoteAddress());
            return next.proceed(call.put(Jobs.TENANT, "tenant of " + call.metadata().get("token")));
        };
        RpcServer server = serve(Transport.IN_JVM, recordPeer);
        Jobs jobs = connect(Jobs.class, Transport.IN_JVM, server, to(server).metadata("token", "t-1"));

        assertThat(jobs.tenant()).isEqualTo("tenant of t-1");
        assertThat(peers).singleElement().isInstanceOf(LocalAddress.class);
    }

    @Test
    void aDeadlineEndsTheCallAndCancelsItOnTheServer() {
        RpcServer server = serve(Transport.IN_JVM);
        Jobs jobs = connect(Jobs.class, Transport.IN_JVM, server,
                to(server).methodTimeout("waitForCancel", Duration.ofMillis(300)));
        jobs.echo("the connection learns that the server knows CANCEL");

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> jobs.waitForCancel("timed out"))
                .satisfies(failure -> assertThat(failure.status()).isEqualTo(RpcStatus.DEADLINE_EXCEEDED));
        await().until(() -> jobsService.cancelled.contains("timed out"));
    }

    @Test
    void cancellingTheFutureReachesTheRunningMethod() {
        RpcServer server = serve(Transport.IN_JVM);
        Jobs jobs = connect(Jobs.class, Transport.IN_JVM, server, to(server));
        jobs.echo("the connection learns that the server knows CANCEL");

        CompletableFuture<String> running = jobs.waitForCancelLater("running");
        await().until(() -> jobsService.ran.contains("running"));
        running.cancel(true);

        await().until(() -> jobsService.cancelled.contains("running"));
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = { "NIO", "IN_JVM" })
    void aTypeThatCannotBeReadBackFailsTheSameWayAsOverTcp(Transport transport) {
        RpcServer server = RpcServer.create(RpcServerOptions.builder().transport(transport).bindAddress("127.0.0.1")
                .port(0).ioThreads(1).build()).export(Shelter.class, () -> new Dog("Rex")).start();
        servers.add(server);
        Shelter shelter = connect(Shelter.class, transport, server, to(server));

        assertThatExceptionOfType(RpcException.class).isThrownBy(shelter::adopt).satisfies(failure -> {
            assertThat(failure.status()).isEqualTo(RpcStatus.INTERNAL);
            assertThat(failure.executionState()).isEqualTo(ExecutionState.EXECUTED);
            assertThat(failure.getMessage()).endsWith("cannot decode the result of " + Shelter.class.getName()
                    + ".adopt(): the result has a type that cannot be read (a problem of the receiving side)");
        });
    }

    @Test
    void portZeroPicksADifferentInJvmPortForEachServerAndOpensNoSocket() {
        RpcServer first = serve(Transport.IN_JVM);
        RpcServer second = serve(Transport.IN_JVM);

        assertThat(first.port()).isNotEqualTo(second.port()).isBetween(32768, 65535);
        assertThatIOException().isThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", first.port()), 1000);
            }
        });
    }

    @Test
    void anInJvmPortInUseFailsTheStart() {
        RpcServer taken = serve(Transport.IN_JVM);
        RpcServer second = RpcServer.create(RpcServerOptions.builder().transport(Transport.IN_JVM).port(taken.port())
                .build()).export(Jobs.class, jobsService);

        assertThatExceptionOfType(RpcServerBindException.class).isThrownBy(second::start)
                .withStackTraceContaining("already in use");
    }

    @Test
    void aTcpClientCannotReachAnInJvmServer() {
        RpcServer server = serve(Transport.IN_JVM);
        Jobs overTcp = connect(Jobs.class, Transport.NIO, server, ReferenceOptions.to("127.0.0.1:" + server.port()));

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> overTcp.echo("lost"))
                .satisfies(failure -> assertThat(failure.status()).isEqualTo(RpcStatus.UNAVAILABLE));
        assertThat(jobsService.ran).isEmpty();
    }

    /** A pet as the caller sees it: an interface, which Jackson cannot create from JSON without type information. */
    public interface Pet {

        String name();
    }

    /** What the server returns. */
    public record Dog(String name) implements Pet {
    }

    /** A service whose return type is a mistake: the client cannot read an abstract type back. */
    public interface Shelter {

        Pet adopt();
    }
}
