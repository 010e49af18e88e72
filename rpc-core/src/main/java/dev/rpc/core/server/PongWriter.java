package dev.rpc.core.server;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Answers the PINGs of one connection, gathering the PONGs that arrive in one turn of its event loop into a
 * single buffer. A PONG is 20 bytes that differ only by request id, so each PING costs a copy of a template into
 * a heap array: no pooled buffer, and so nothing for Netty's leak detector to track per PING (at its paranoid
 * level every tracked buffer and every write to one records a stack trace, which made a PING flood stall every
 * connection of the loop). The whole batch is one unpooled buffer, handed on once the loop has read what it
 * had to read. Event loop only.
 */
final class PongWriter {

    private static final byte[] TEMPLATE = template();

    private static final int INITIAL_BATCH = 8;

    private final Executor eventLoop;

    private final Consumer<ByteBuf> sender;

    private final Runnable flush = this::flush;

    private byte[] batch;

    private int length;

    /**
     * Creates a writer.
     * @param eventLoop the connection's event loop, which runs the flush after the reads of its turn
     * @param sender writes a buffer of complete frames to the connection, and owns it from then on
     */
    PongWriter(Executor eventLoop, Consumer<ByteBuf> sender) {
        this.eventLoop = eventLoop;
        this.sender = sender;
    }

    /** Queues the PONG that answers a PING; it is sent with the others of this turn. */
    void answer(long pingId) {
        if (batch == null) {
            batch = new byte[INITIAL_BATCH * Protocol.PREFIX_LENGTH];
            eventLoop.execute(flush);
        }
        else if (length == batch.length) {
            batch = Arrays.copyOf(batch, length * 2);
        }
        System.arraycopy(TEMPLATE, 0, batch, length, Protocol.PREFIX_LENGTH);
        for (int i = 0; i < Long.BYTES; i++) {
            batch[length + 6 + i] = (byte) (pingId >>> (56 - 8 * i));
        }
        length += Protocol.PREFIX_LENGTH;
    }

    private void flush() {
        ByteBuf frames = Unpooled.wrappedBuffer(batch, 0, length);
        batch = null;
        length = 0;
        sender.accept(frames);
    }

    private static byte[] template() {
        byte[] pong = new byte[Protocol.PREFIX_LENGTH];
        pong[0] = (byte) (Protocol.MAGIC >>> 8);
        pong[1] = (byte) Protocol.MAGIC;
        pong[2] = (byte) Protocol.VERSION;
        pong[3] = (byte) FrameType.PONG.code();
        pong[4] = (byte) Protocol.FLAG_CANCEL_SUPPORTED;
        return pong; // format, request id and both lengths 0
    }
}
