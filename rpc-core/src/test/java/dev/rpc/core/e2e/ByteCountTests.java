package dev.rpc.core.e2e;

import java.time.Duration;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bytes a server and a client count match each other and the frame sizes of {@code docs/PROTOCOL.md}: a JSON
 * REQUEST of {@code echo(String)} without metadata is a 20-byte prefix, a 19-byte header and the body
 * {@code ["text"]}; its RESPONSE a 20-byte prefix, a 6-byte header and the body {@code "text"}; the PING a client
 * sends after connecting and its PONG are 20 bytes each.
 */
class ByteCountTests {

    private static final int PING_AND_PONG = 20;

    private RpcServer server;

    private RpcClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void bothSidesCountTheBytesOfEveryFrameOfTheirCalls() {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).build())
                .export(Inventory.class, new InventoryService()).start();
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(10))
                .pingInterval(Duration.ofMinutes(5)).build());
        Inventory inventory = client.proxy(Inventory.class, ReferenceOptions.to(server.localAddress()).build());
        long requests = PING_AND_PONG;
        long responses = PING_AND_PONG;

        for (int i = 0; i < 25; i++) {
            String text = "x".repeat(i * 37);
            assertThat(inventory.echo(text)).isEqualTo(text);
            requests += 20 + 19 + text.length() + 4;
            responses += 20 + 6 + text.length() + 2;
        }

        long expectedRequests = requests;
        long expectedResponses = responses;
        await().untilAsserted(() -> {
            assertThat(client.bytesSent()).isEqualTo(expectedRequests);
            assertThat(server.bytesReceived()).isEqualTo(expectedRequests);
            assertThat(server.bytesSent()).isEqualTo(expectedResponses);
            assertThat(client.bytesReceived()).isEqualTo(expectedResponses);
        });
    }

    @Test
    void nothingIsCountedBeforeTheFirstConnection() {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).build())
                .export(Inventory.class, new InventoryService()).start();
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).build());
        client.proxy(Inventory.class, ReferenceOptions.to(server.localAddress()).build());

        assertThat(client.bytesSent()).isZero();
        assertThat(client.bytesReceived()).isZero();
        assertThat(server.bytesReceived()).isZero();
        assertThat(server.bytesSent()).isZero();
    }
}
