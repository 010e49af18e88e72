package dev.rpc.core.e2e;

import java.time.Duration;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.transport.tls.ClientTls;
import dev.rpc.core.transport.tls.TestCertificates;
import dev.rpc.core.transport.tls.TestCertificates.Authority;
import dev.rpc.core.transport.tls.TestSslContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bytes a server and a client count match each other and the frame sizes of {@code docs/PROTOCOL.md}, with and
 * without TLS (the frames are counted, not their encryption): a JSON
 * REQUEST of {@code echo(String)} without metadata is a 20-byte prefix, a 19-byte header and the body
 * {@code ["text"]}; its RESPONSE a 20-byte prefix, a 6-byte header and the body {@code "text"}; the PING a client
 * sends after connecting and its PONG are 20 bytes each.
 */
class ByteCountTests {

    private static final long PING_OR_PONG = 20;

    private RpcServer server;

    private RpcClient client;

    private TestSslContexts contexts;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(5));
        }
        if (contexts != null) {
            contexts.close();
        }
    }

    @Test
    void bothSidesCountTheBytesOfEveryFrameOfTheirCalls() {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).build())
                .export(Inventory.class, new InventoryService()).start();
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(10))
                .pingInterval(Duration.ofMinutes(5)).build());

        long pingBytes = callAndCheckTheCounts();

        assertThat(pingBytes).as("one PING after connecting").isEqualTo(PING_OR_PONG);
    }

    @Test
    void withTlsTheFramesAreCountedNotTheirEncryption() {
        Authority authority = TestCertificates.authority("test CA");
        contexts = new TestSslContexts(TestSslContexts.Provider.JDK);
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0)
                .sslContext(contexts.server(authority.issue("127.0.0.1"))).build())
                .export(Inventory.class, new InventoryService()).start();
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(10))
                .pingInterval(Duration.ofMinutes(5)).tls(ClientTls.of(contexts.client(authority))).build());

        long pingBytes = callAndCheckTheCounts();

        // the PING that confirms the handshake also tells the client that the server takes CANCEL: no second PING
        assertThat(pingBytes).as("only the PING that confirms the handshake").isEqualTo(PING_OR_PONG);
    }

    /**
     * Makes calls of growing sizes, waits until every PING the client sent is answered, and checks that each side
     * counted exactly what the other did: the calls' frames, and as many bytes of PONGs as of PINGs.
     * @return the bytes of PINGs the client sent
     */
    private long callAndCheckTheCounts() {
        Inventory inventory = client.proxy(Inventory.class, ReferenceOptions.to(server.localAddress()).build());
        long requests = 0;
        long responses = 0;

        for (int i = 0; i < 25; i++) {
            String text = "x".repeat(i * 37);
            assertThat(inventory.echo(text)).isEqualTo(text);
            requests += 20 + 19 + text.length() + 4;
            responses += 20 + 6 + text.length() + 2;
        }

        long requestBytes = requests;
        long responseBytes = responses;
        await().untilAsserted(() -> {
            long pings = client.bytesSent() - requestBytes;
            assertThat(server.bytesReceived()).isEqualTo(client.bytesSent());
            assertThat(client.bytesReceived()).isEqualTo(server.bytesSent());
            assertThat(server.bytesSent() - responseBytes).as("PONG bytes").isEqualTo(pings);
            assertThat(pings % PING_OR_PONG).isZero();
        });
        return client.bytesSent() - requestBytes;
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
