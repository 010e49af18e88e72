package dev.rpc.core.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.internal.codec.ControlFrame;
import dev.rpc.core.internal.transport.ByteCounts;
import dev.rpc.core.internal.transport.EventLoops;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client side of one open channel, on an {@link EmbeddedChannel} with frozen time. */
class ClientConnectionHandlerTests {

    private static final Duration PING_INTERVAL = Duration.ofSeconds(20);

    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        RpcClientOptions options = RpcClientOptions.builder().ioThreads(1).pingInterval(PING_INTERVAL).build();
        ClientConnection connection = new ClientConnection(InetSocketAddress.createUnresolved("server", 9090), options,
                channel.eventLoop(), EventLoops.select(Transport.NIO), new ByteCounts());
        channel.pipeline().addLast(new IdleStateHandler(PING_INTERVAL.toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                new ClientConnectionHandler(connection));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aSilentServerIsProbedWithPingAndTheChannelClosedAfterThreeSilentIntervals() {
        for (int interval = 1; interval <= 2; interval++) {
            channel.advanceTimeBy(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertThat(typeOf(channel.readOutbound())).as("probe " + interval).isEqualTo(FrameType.PING);
            assertThat(channel.isOpen()).isTrue();
        }

        channel.advanceTimeBy(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anyFrameFromTheServerResetsTheSilence() {
        channel.advanceTimeBy(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        ((ByteBuf) channel.readOutbound()).release();
        channel.advanceTimeBy(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        ((ByteBuf) channel.readOutbound()).release();

        channel.writeInbound(new ControlFrame(FrameType.PONG, 0, 0, RpcStatus.OK, ""));
        channel.advanceTimeBy(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isTrue();
        assertThat(typeOf(channel.readOutbound())).isEqualTo(FrameType.PING);
    }

    @Test
    void aServerPingIsAnsweredWithAPongOfTheSameId() {
        channel.writeInbound(new ControlFrame(FrameType.PING, 42, 0, RpcStatus.OK, ""));

        ByteBuf pong = channel.readOutbound();
        try {
            assertThat(pong.getUnsignedByte(pong.readerIndex() + Protocol.TYPE_OFFSET)).isEqualTo((short) FrameType.PONG.code());
            assertThat(pong.getLong(pong.readerIndex() + Protocol.REQUEST_ID_OFFSET)).isEqualTo(42);
        }
        finally {
            pong.release();
        }
    }

    @Test
    void theChannelKnowsTheServerTakesCancelOnceAFrameSaysSo() {
        channel.writeInbound(new ControlFrame(FrameType.PONG, 0, 0, RpcStatus.OK, ""));
        assertThat(ClientConnectionHandler.cancelSupported(channel)).isFalse();

        channel.writeInbound(new ControlFrame(FrameType.PONG, 0, Protocol.FLAG_CANCEL_SUPPORTED, RpcStatus.OK, ""));

        assertThat(ClientConnectionHandler.cancelSupported(channel)).isTrue();
    }

    private static FrameType typeOf(ByteBuf frame) {
        try {
            return FrameType.fromCode(frame.getUnsignedByte(frame.readerIndex() + Protocol.TYPE_OFFSET));
        }
        finally {
            frame.release();
        }
    }
}
