package dev.rpc.core.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes of one connection into its server's or client's {@link ByteCounts}. It sits just before the frame
 * decoder, after TLS, so it counts the protocol's frames, not their encryption. A read is counted as the buffer the
 * socket delivered, before any frame is decoded from it; writes add to a plain field, which each flush hands to the
 * shared counts, so a batch of frames costs one shared update.
 *
 * <p>One instance per channel; runs on the channel's event loop.
 */
public final class ByteCountingHandler extends ChannelDuplexHandler {

    private final ByteCounts counts;

    /** Bytes written since the last flush; confined to the event loop. */
    private long unflushed;

    /**
     * Creates a handler for one channel.
     * @param counts the totals of the server or client the channel belongs to
     */
    public ByteCountingHandler(ByteCounts counts) {
        this.counts = counts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            counts.received(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            unflushed += bytes.readableBytes();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (unflushed != 0) {
            counts.sent(unflushed);
            unflushed = 0;
        }
        ctx.flush();
    }
}
