package dev.rpc.core.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection's bytes reach the shared counts once per read, and once per flush for writes. */
class ByteCountingHandlerTests {

    private final ByteCounts counts = new ByteCounts();

    private final EmbeddedChannel channel = new EmbeddedChannel(new ByteCountingHandler(counts));

    @Test
    void aReadIsCountedAsTheBufferTheSocketDeliveredAndPassedOnUnchanged() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[37]));

        assertThat(counts.received()).isEqualTo(37);
        ByteBuf passed = channel.readInbound();
        try {
            assertThat(passed.readableBytes()).isEqualTo(37);
        }
        finally {
            passed.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void writesAreCountedOnlyOnceFlushed() {
        channel.write(Unpooled.wrappedBuffer(new byte[20]));
        channel.write(Unpooled.wrappedBuffer(new byte[30]));

        assertThat(counts.sent()).isZero();
        channel.flush();
        assertThat(counts.sent()).isEqualTo(50);
        channel.flush();
        assertThat(counts.sent()).isEqualTo(50);
        assertThat(channel.finishAndReleaseAll()).isTrue();
        assertThat(counts.received()).isZero();
    }
}
