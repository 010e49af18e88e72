package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerCallContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Several connections to one address: calls take them in turn, and calls made from answers stay put. */
class ConnectionsPerAddressTests {

    /** Answers with the caller's end of the connection the call came on. */
    public interface WhoCalls {

        String caller();

        CompletableFuture<String> callerAsync();
    }

    private RpcServer server;

    @BeforeEach
    void startServer() {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).build())
                .export(WhoCalls.class, new WhoCalls() {
                    @Override
                    public String caller() {
                        return ServerCallContext.current().remoteAddress().toString();
                    }

                    @Override
                    public CompletableFuture<String> callerAsync() {
                        return CompletableFuture.completedFuture(caller());
                    }
                })
                .start();
    }

    @AfterEach
    void stopServer() {
        server.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void callsTakeTheConnectionsOfAnAddressInTurn() {
        try (RpcClient client = client(3)) {
            WhoCalls proxy = proxy(client);
            List<String> callers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                callers.add(proxy.caller());
            }
            Map<String, Long> callsPerConnection = callers.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(callsPerConnection).hasSize(3).allSatisfy((connection, calls) -> assertThat(calls).isEqualTo(10L));
            assertThat(client.endpointCount()).isEqualTo(1);
        }
    }

    @Test
    void aCallMadeFromTheAnswerOfAnotherStaysOnItsConnection() throws Exception {
        try (RpcClient client = client(4)) {
            WhoCalls proxy = proxy(client);
            List<Hop> hops = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            hop(proxy, null, false, 50, hops, done);
            done.get(30, TimeUnit.SECONDS);
            List<Hop> fromIoThreads = hops.stream().filter(Hop::fromIoThread).toList();
            assertThat(fromIoThreads).as("calls made on an I/O thread, from an answer's callback").isNotEmpty()
                    .allSatisfy(hop -> assertThat(hop.next()).isEqualTo(hop.answered()));
        }
    }

    /** Calls {@code callerAsync} again from the callback of each answer, {@code left} more times. */
    private static void hop(WhoCalls proxy, String previous, boolean fromIoThread, int left, List<Hop> hops,
            CompletableFuture<Void> done) {
        proxy.callerAsync().whenComplete((caller, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            if (previous != null) {
                hops.add(new Hop(previous, caller, fromIoThread));
            }
            if (left == 0) {
                done.complete(null);
            }
            else {
                hop(proxy, caller, Thread.currentThread().getName().startsWith("rpc-client-io"), left - 1, hops, done);
            }
        });
    }

    /** The connection that answered a call, and the one the call made from its callback went out on. */
    private record Hop(String answered, String next, boolean fromIoThread) {
    }

    @Test
    void oneConnectionPerAddressByDefault() throws Exception {
        try (RpcClient client = RpcClient.create(RpcClientOptions.builder().defaultTimeout(Duration.ofSeconds(10)).build())) {
            WhoCalls proxy = proxy(client);
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(proxy.callerAsync());
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(calls.stream().map(CompletableFuture::join).distinct()).hasSize(1);
        }
    }

    @Test
    void connectionsPerAddressMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> RpcClientOptions.builder().connectionsPerAddress(0).build())
                .withMessageContaining("connectionsPerAddress must be at least 1: 0");
    }

    private static RpcClient client(int connections) {
        return RpcClient.create(RpcClientOptions.builder().connectionsPerAddress(connections)
                .defaultTimeout(Duration.ofSeconds(10)).build());
    }

    private WhoCalls proxy(RpcClient client) {
        return client.proxy(WhoCalls.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
    }
}
