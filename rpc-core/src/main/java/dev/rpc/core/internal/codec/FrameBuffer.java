package dev.rpc.core.internal.codec;

import dev.rpc.core.internal.BufferSizeHint;
import dev.rpc.core.protocol.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One frame being assembled in a buffer it owns until {@link #finish}: the prefix written by {@link #begin}, then the
 * header block and {@link #endHeader}, then the body, then {@link #finish}, which fills in the lengths, checks the
 * size and hands the buffer over. Used in a try-with-resources block, it releases the buffer if anything on the way
 * throws, the way Netty's {@code MessageToByteEncoder} owns the buffer its subclasses write into:
 *
 * <pre>{@code
 * try (FrameBuffer frame = FrameBuffer.begin(alloc, sizeHint, FrameType.RESPONSE, flags, format, requestId)) {
 *     FrameWriter.writeResponseHeader(frame.out(), RpcStatus.OK, "", "", Protocol.NO_DECLARED_EXCEPTION);
 *     frame.endHeader();
 *     serializer.writeResult(value, frame.out());
 *     return frame.finish(maxFrameSize);
 * }
 * }</pre>
 *
 * Not thread-safe; one frame, one thread.
 */
public final class FrameBuffer implements AutoCloseable {

    private final BufferSizeHint sizeHint;

    private final int start;

    private ByteBuf out;

    private FrameBuffer(ByteBuf out, BufferSizeHint sizeHint, int start) {
        this.out = out;
        this.sizeHint = sizeHint;
        this.start = start;
    }

    /**
     * Allocates a buffer sized from the last frame of the same kind and writes the frame prefix.
     * @param sizeHint the size of earlier frames of this kind, told this frame's size by {@link #finish}; or
     *        {@code null} for a small default
     */
    public static FrameBuffer begin(ByteBufAllocator alloc, BufferSizeHint sizeHint, FrameType type, int flags,
            int format, long requestId) {
        ByteBuf out = sizeHint == null ? alloc.buffer() : alloc.buffer(sizeHint.next());
        try {
            return new FrameBuffer(out, sizeHint, FrameWriter.beginFrame(out, type, flags, format, requestId));
        }
        catch (RuntimeException ex) {
            out.release();
            throw ex;
        }
    }

    /** Returns the buffer to write the header block and the body into. */
    public ByteBuf out() {
        return out;
    }

    /** Ends the header block; what is written next is the body. */
    public void endHeader() {
        FrameWriter.endHeader(out, start);
    }

    /**
     * Fills in the lengths and hands the frame over; the caller owns it from then on.
     * @throws FrameTooLargeException if the frame exceeds {@code maxFrameSize}; its buffer is released
     */
    public ByteBuf finish(int maxFrameSize) {
        int length = FrameWriter.endFrame(out, start);
        if (sizeHint != null) {
            sizeHint.record(length);
        }
        if (length > maxFrameSize) {
            close();
            throw new FrameTooLargeException(length, maxFrameSize);
        }
        ByteBuf frame = out;
        out = null;
        return frame;
    }

    /** Releases the buffer unless {@link #finish} handed it over. */
    @Override
    public void close() {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    /** A frame came out larger than the limit it was to meet; its buffer was released. */
    public static final class FrameTooLargeException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int length;

        private final int limit;

        FrameTooLargeException(int length, int limit) {
            super("a frame of " + length + " bytes exceeds the limit of " + limit + " bytes", null, false, false);
            this.length = length;
            this.limit = limit;
        }

        /** Returns the frame's length, in bytes. */
        public int length() {
            return length;
        }

        /** Returns the limit it exceeded, in bytes. */
        public int limit() {
            return limit;
        }
    }
}
