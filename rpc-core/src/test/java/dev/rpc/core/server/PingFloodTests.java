package dev.rpc.core.server;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rpc.core.internal.codec.FrameDecoder;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of PINGs costs the server no buffer from its allocator, so nothing Netty's leak detector tracks (at its
 * paranoid level, each tracked buffer and each write to one records a stack trace on the event loop), and every
 * PING is still answered with its own id. The connection runs in an {@link EmbeddedChannel}; time never moves.
 */
class PingFloodTests {

    private final AtomicInteger allocations = new AtomicInteger();

    private final ByteBufAllocator countingAllocator = new AbstractByteBufAllocator(false) {

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            allocations.incrementAndGet();
            return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            allocations.incrementAndGet();
            return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    };

    private EmbeddedChannel channel;

    @BeforeEach
    void openConnection() {
        RpcServerOptions options = RpcServerOptions.builder().build();
        channel = new EmbeddedChannel(
                new FrameDecoder(options.maxFrameSize(), options.maxHeaderSize(), options.frameTimeout().toMillis()),
                new ServerConnection(options, new ServerActivity(), new ServiceRegistry(List.of(), false), null));
        channel.freezeTime();
        channel.config().setAllocator(countingAllocator);
    }

    @AfterEach
    void closeConnection() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aBurstOfPingsTakesNoBufferFromTheAllocatorAndIsAnsweredInOneWrite() {
        int count = 500;
        ByteBuf pings = Unpooled.wrappedBuffer(new byte[count * Protocol.PREFIX_LENGTH]).clear();
        for (long id = 1; id <= count; id++) {
            ByteBuf ping = FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.PING, id * 1_000_003, 0);
            pings.writeBytes(ping);
            ping.release();
        }

        channel.writeInbound(pings);
        channel.runPendingTasks();

        assertThat(allocations).as("buffers taken from the channel's allocator").hasValue(0);
        ByteBuf pongs = channel.readOutbound();
        try {
            assertThat(pongs.readableBytes()).isEqualTo(count * Protocol.PREFIX_LENGTH);
            for (long id = 1; id <= count; id++) {
                int start = pongs.readerIndex();
                assertThat(pongs.getUnsignedShort(start)).isEqualTo(Protocol.MAGIC);
                assertThat((int) pongs.getUnsignedByte(start + 2)).isEqualTo(Protocol.VERSION);
                assertThat((int) pongs.getUnsignedByte(start + 3)).isEqualTo(FrameType.PONG.code());
                assertThat((int) pongs.getUnsignedByte(start + 4)).as("flags: this server knows CANCEL")
                        .isEqualTo(Protocol.FLAG_CANCEL_SUPPORTED);
                assertThat((int) pongs.getUnsignedByte(start + 5)).as("format").isZero();
                assertThat(pongs.getLong(start + 6)).isEqualTo(id * 1_000_003);
                assertThat(pongs.getUnsignedShort(start + Protocol.HEADER_LENGTH_OFFSET)).isZero();
                assertThat(pongs.getInt(start + Protocol.BODY_LENGTH_OFFSET)).isZero();
                pongs.skipBytes(Protocol.PREFIX_LENGTH);
            }
        }
        finally {
            pongs.release();
        }
        assertThat((Object) channel.readOutbound()).as("one write for the whole burst").isNull();
    }

    @Test
    void pingsOfLaterTurnsGetBatchesOfTheirOwn() {
        channel.writeInbound(FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.PING, 1, 0));
        channel.runPendingTasks();
        channel.writeInbound(FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.PING, 2, 0));
        channel.runPendingTasks();

        for (long id = 1; id <= 2; id++) {
            ByteBuf pong = channel.readOutbound();
            assertThat(pong.readableBytes()).isEqualTo(Protocol.PREFIX_LENGTH);
            assertThat(pong.getLong(6)).isEqualTo(id);
            pong.release();
        }
        assertThat(allocations).hasValue(0);
    }
}
