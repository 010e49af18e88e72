package dev.rpc.core.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerExecutor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that read slowly or not at all, that send more than their share, or that half-close: the server's memory
 * stays bounded, other clients keep being served, and every call sent gets its answer.
 */
class FlowControlTests {

    private static final int HIGH_WATER_MARK = 64 * 1024;

    private static final ServiceDescriptor INVENTORY = ServiceDescriptor.of(Inventory.class);

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
        server = RpcServer.create(options.bindAddress("127.0.0.1").port(0).ioThreads(1).build())
                .export(Inventory.class, service)
                .start();
        client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(10)).build());
        return client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
    }

    @Test
    void aClientThatNeverReadsHoldsABoundedShareOfServerMemoryAndGetsEveryPongOnceItReads() throws Exception {
        Inventory polite = start(RpcServerOptions.builder().writeBufferHighWaterMark(HIGH_WATER_MARK));
        byte[] ping = frameBytes(FrameWriter.control(Unpooled.buffer().alloc(), FrameType.PING, 1, 0));

        try (SocketChannel flooder = openNeverReading()) {
            long pings = sendUntilTheServerStopsReading(flooder, ping);

            assertThat(pings * ping.length).as("bytes the server took before it stopped reading")
                    .isLessThan(64L * 1024 * 1024);
            assertThat(server.pendingOutboundBytes()).as("answers the server holds for the flooder")
                    .isLessThan(HIGH_WATER_MARK + 2L * 1024 * 1024);
            assertThat(polite.echo("still served")).isEqualTo("still served");

            assertThat(readAnswers(flooder, pings)).isEqualTo(Map.of(FrameType.PONG, pings));
        }
    }

    @Test
    void aClientThatNeverReadsItsAnswersGetsEveryOneOnceItReads() throws Exception {
        Inventory polite = start(RpcServerOptions.builder().writeBufferHighWaterMark(HIGH_WATER_MARK)
                .executor(ServerExecutor.direct()));
        byte[] request = RawConnection.request(1, INVENTORY.id(), methodId("echo"), 1, "[\"" + "x".repeat(200) + "\"]");

        try (SocketChannel flooder = openNeverReading()) {
            long requests = sendUntilTheServerStopsReading(flooder, request);

            assertThat(requests * request.length).isLessThan(64L * 1024 * 1024);
            assertThat(server.pendingOutboundBytes()).isLessThan(HIGH_WATER_MARK + 2L * 1024 * 1024);
            assertThat(polite.echo("still served")).isEqualTo("still served");

            assertThat(readAnswers(flooder, requests)).isEqualTo(Map.of(FrameType.RESPONSE, requests));
        }
    }

    @Test
    void oneConnectionCannotTakeEveryWorker() throws Exception {
        Inventory polite = start(RpcServerOptions.builder().executor(ServerExecutor.bounded(4, 16))
                .maxConcurrentCallsPerConnection(3));
        int await = methodId("await");

        try (RawConnection greedy = new RawConnection(server.port())) {
            for (int i = 1; i <= 50; i++) {
                greedy.send(RawConnection.request(i, INVENTORY.id(), await, 1, "[\"greedy\"]"));
            }
            List<RawConnection.Received> refused = new ArrayList<>();
            for (int i = 0; i < 47; i++) {
                refused.add(greedy.read());
            }
            assertThat(refused).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
                assertThat(answer.executed()).isFalse();
                assertThat(answer.message()).contains("the most one connection may have");
            });

            for (int i = 0; i < 20; i++) {
                assertThat(polite.echo("polite " + i)).isEqualTo("polite " + i);
            }

            service.gate("greedy").countDown();
            for (int i = 0; i < 3; i++) {
                assertThat(greedy.read().status()).isEqualTo(RpcStatus.OK);
            }
        }
    }

    @Test
    void aHalfClosedConnectionGetsTheAnswersOfEveryCallItSentThenCloses() throws Exception {
        start(RpcServerOptions.builder());
        int await = methodId("await");

        try (RawConnection raw = new RawConnection(server.port())) {
            for (int i = 1; i <= 3; i++) {
                raw.send(RawConnection.request(i, INVENTORY.id(), await, 1, "[\"restock\"]"));
            }
            await().until(() -> service.gate("restock").getCount() == 1 && server.callsInFlight() == 3);
            raw.shutdownOutput();
            service.gate("restock").countDown();

            List<Long> answered = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawConnection.Received answer = raw.read();
                assertThat(answer.status()).isEqualTo(RpcStatus.OK);
                answered.add(answer.requestId());
            }
            assertThat(answered).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(raw.closedByPeer(10_000)).isTrue();
        }
    }

    @Test
    void aHalfClosedConnectionWithNoCallLeftClosesAtOnce() throws Exception {
        start(RpcServerOptions.builder());

        try (RawConnection raw = new RawConnection(server.port())) {
            raw.shutdownOutput();

            assertThat(raw.closedByPeer(10_000)).isTrue();
        }
    }

    @Test
    void callsToAServerThatStopsReadingFailFastInsteadOfQueueingWithoutBound() throws Exception {
        try (ServerSocketChannel deaf = ServerSocketChannel.open()) {
            deaf.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            deaf.bind(new InetSocketAddress("127.0.0.1", 0));
            client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofMinutes(1))
                    .writeBufferHighWaterMark(256 * 1024).build());
            Inventory inventory = client.proxy(Inventory.class, ReferenceOptions.to("127.0.0.1:"
                    + ((InetSocketAddress) deaf.getLocalAddress()).getPort()).build());
            String chunk = "x".repeat(64 * 1024);

            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                calls.add(inventory.echoAsync(chunk));
            }

            Throwable refused = await().atMost(Duration.ofSeconds(30)).until(
                    () -> calls.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst()
                            .map(FlowControlTests::failureOf).orElse(null), failure -> failure != null);
            assertThat(refused).isInstanceOf(RpcException.class).hasMessageContaining("is not reading its requests");
            assertThat(((RpcException) refused).status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
            assertThat(((RpcException) refused).executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> call) {
        return call.handle((value, failure) -> failure).join();
    }

    private static int methodId(String name) {
        return INVENTORY.methods().stream().filter(method -> method.name().equals(name)).findFirst().orElseThrow().id();
    }

    private SocketChannel openNeverReading() throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
        channel.connect(new InetSocketAddress("127.0.0.1", server.port()));
        channel.configureBlocking(false);
        return channel;
    }

    /**
     * Writes the frame again and again until the socket stays full for half a second: the server no longer reads.
     * Bounded: gives up after 64 MiB, which a server without flow control would take, or a minute. A frame cut by a
     * full socket is finished by a background writer once the test reads. Returns the number of frames sent.
     */
    private static long sendUntilTheServerStopsReading(SocketChannel channel, byte[] frame) throws IOException {
        ByteBuffer stream = ByteBuffer.allocate(frame.length * 256);
        for (int i = 0; i < 256; i++) {
            stream.put(frame);
        }
        long sent = 0;
        long stalledSince = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (sent < 64L * 1024 * 1024 && System.nanoTime() - deadline < 0) {
            stream.limit(stream.capacity()).position((int) (sent % frame.length));
            int written = channel.write(stream);
            if (written > 0) {
                sent += written;
                stalledSince = 0;
            }
            else if (stalledSince == 0) {
                stalledSince = System.nanoTime();
            }
            else if (System.nanoTime() - stalledSince > Duration.ofMillis(500).toNanos()) {
                break;
            }
            else {
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
        }
        int cut = (int) (sent % frame.length);
        if (cut != 0) {
            ByteBuffer rest = ByteBuffer.wrap(frame, cut, frame.length - cut);
            Thread writer = new Thread(() -> {
                try {
                    while (rest.hasRemaining()) {
                        if (channel.write(rest) == 0) {
                            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                        }
                    }
                }
                catch (IOException ignored) {
                    // the test fails on the missing answer
                }
            }, "finish-cut-frame");
            writer.setDaemon(true);
            writer.start();
        }
        return (sent + frame.length - 1) / frame.length;
    }

    /** Reads frames until {@code expected} answers arrived, counting them by type. */
    private static Map<FrameType, Long> readAnswers(SocketChannel channel, long expected) throws IOException {
        Map<FrameType, Long> counts = new HashMap<>();
        ByteBuffer prefix = ByteBuffer.allocate(Protocol.PREFIX_LENGTH);
        long read = 0;
        while (read < expected) {
            prefix.clear();
            readFully(channel, prefix);
            prefix.flip();
            FrameType type = FrameType.fromCode(prefix.get(3) & 0xFF);
            int rest = (prefix.getShort(14) & 0xFFFF) + prefix.getInt(16);
            readFully(channel, ByteBuffer.allocate(rest));
            counts.merge(type, 1L, Long::sum);
            read++;
        }
        return counts;
    }

    /** Reads until the buffer is full; fails after ten seconds without a byte. */
    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        long lastProgress = System.nanoTime();
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                throw new IOException("closed after " + buffer.position() + " bytes");
            }
            if (read > 0) {
                lastProgress = System.nanoTime();
            }
            else if (System.nanoTime() - lastProgress > Duration.ofSeconds(10).toNanos()) {
                throw new IOException("nothing to read for 10 s");
            }
            else {
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
        }
    }

    private static byte[] frameBytes(ByteBuf frame) {
        try {
            return ByteBufUtil.getBytes(frame);
        }
        finally {
            frame.release();
        }
    }
}
