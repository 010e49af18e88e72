package dev.rpc.core.internal.codec;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/** Builds frames with {@link FrameWriter} and turns decoded frames into comparable values. */
final class TestFrames {

    /**
     * Pooled, so that Netty's leak detector tracks every buffer the tests and the decoder make from it
     * (unpooled heap buffers are never tracked).
     */
    static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** Untracked heap buffers, for bytes that are built and copied at once: tracking every write is slow. */
    private static final ByteBufAllocator SCRATCH = UnpooledByteBufAllocator.DEFAULT;

    private TestFrames() {
    }

    static ByteBuf request(long requestId, int flags, int format, int serviceId, int methodId, int argumentCount,
            long timeoutMicros, Map<String, String> metadata, byte[] body) {
        ByteBuf out = ALLOC.buffer();
        writeRequest(out, requestId, flags, format, serviceId, methodId, argumentCount, timeoutMicros, metadata, body);
        return out;
    }

    static void writeRequest(ByteBuf out, long requestId, int flags, int format, int serviceId, int methodId,
            int argumentCount, long timeoutMicros, Map<String, String> metadata, byte[] body) {
        int start = FrameWriter.beginFrame(out, FrameType.REQUEST, flags, format, requestId);
        FrameWriter.writeRequestHeader(out, serviceId, methodId, argumentCount, timeoutMicros, metadata);
        FrameWriter.endHeader(out, start);
        out.writeBytes(body);
        FrameWriter.endFrame(out, start);
    }

    static ByteBuf response(long requestId, int flags, int format, RpcStatus status, String message, String errorType,
            int declaredIndex, byte[] body) {
        ByteBuf out = ALLOC.buffer();
        writeResponse(out, requestId, flags, format, status, message, errorType, declaredIndex, body);
        return out;
    }

    static void writeResponse(ByteBuf out, long requestId, int flags, int format, RpcStatus status, String message,
            String errorType, int declaredIndex, byte[] body) {
        int start = FrameWriter.beginFrame(out, FrameType.RESPONSE, flags, format, requestId);
        FrameWriter.writeResponseHeader(out, status, message, errorType, declaredIndex);
        FrameWriter.endHeader(out, start);
        out.writeBytes(body);
        FrameWriter.endFrame(out, start);
    }

    /** Returns a tracked buffer holding the given bytes. */
    static ByteBuf wrap(byte[]... parts) {
        ByteBuf out = ALLOC.buffer();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out;
    }

    /** Writes the frames, one after the other, into one buffer the leak detector tracks. */
    static ByteBuf stream(List<FrameView> frames) {
        return stream(frames, true);
    }

    /** Writes the frames into one buffer, tracked by the leak detector or not (tracking is slow). */
    static ByteBuf stream(List<FrameView> frames, boolean tracked) {
        ByteBuf scratch = SCRATCH.heapBuffer();
        frames.forEach(frame -> frame.writeTo(scratch));
        return tracked ? tracked(scratch) : scratch;
    }

    /** Returns the length of the frames written one after the other. */
    static int length(List<FrameView> frames) {
        ByteBuf scratch = SCRATCH.heapBuffer();
        try {
            frames.forEach(frame -> frame.writeTo(scratch));
            return scratch.readableBytes();
        }
        finally {
            scratch.release();
        }
    }

    /** Returns an untracked heap buffer to build bytes in, for {@link #tracked}. */
    static ByteBuf scratch() {
        return SCRATCH.heapBuffer();
    }

    /** Copies the bytes into a buffer the leak detector tracks, releasing the original. */
    static ByteBuf tracked(ByteBuf scratch) {
        try {
            return ALLOC.buffer(scratch.readableBytes()).writeBytes(scratch);
        }
        finally {
            scratch.release();
        }
    }

    /** A small valid PING, used as "the next frame" after something went wrong. */
    static ByteBuf ping(long requestId) {
        return FrameWriter.control(ALLOC, FrameType.PING, requestId, 0);
    }

    static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** Concatenates and releases the given buffers. */
    static ByteBuf concat(ByteBuf... parts) {
        ByteBuf out = ALLOC.buffer();
        for (ByteBuf part : parts) {
            out.writeBytes(part);
            part.release();
        }
        return out;
    }

    /**
     * A decoded frame as a plain value: body as hex, so two views compare with {@code equals}. Releases
     * the frame's body.
     */
    static FrameView viewAndRelease(Object decoded) {
        if (decoded instanceof RequestFrame request) {
            try {
                return new FrameView(FrameType.REQUEST, request.requestId(), request.flags(), request.format(),
                        request.serviceId(), request.methodId(), request.argumentCount(), request.timeoutMicros(),
                        Map.copyOf(request.metadata()), null, null, null, -1, hex(request.body()));
            }
            finally {
                request.release();
            }
        }
        if (decoded instanceof ResponseFrame response) {
            try {
                return new FrameView(FrameType.RESPONSE, response.requestId(), response.flags(), response.format(), 0,
                        0, 0, 0, Map.of(), response.status(), response.message(), response.errorType(),
                        response.declaredIndex(), hex(response.body()));
            }
            finally {
                response.release();
            }
        }
        if (decoded instanceof ControlFrame control) {
            return new FrameView(control.type(), control.requestId(), control.flags(), 0, 0, 0, 0, 0, Map.of(),
                    control.status(), control.message(), null, -1, "");
        }
        throw new AssertionError("not a decoded frame with a view: " + decoded);
    }

    static String hex(ByteBuf body) {
        return HexFormat.of().formatHex(ByteBufUtil.getBytes(body));
    }

    static String hex(byte[] body) {
        return HexFormat.of().formatHex(body);
    }

    /** Every field a frame carries on the wire. */
    record FrameView(FrameType type, long requestId, int flags, int format, int serviceId, int methodId,
            int argumentCount, long timeoutMicros, Map<String, String> metadata, RpcStatus status, String message,
            String errorType, int declaredIndex, String bodyHex) {

        static FrameView request(long requestId, int flags, int format, int serviceId, int methodId,
                int argumentCount, long timeoutMicros, Map<String, String> metadata, byte[] body) {
            return new FrameView(FrameType.REQUEST, requestId, flags, format, serviceId, methodId, argumentCount,
                    timeoutMicros, Map.copyOf(metadata), null, null, null, -1, hex(body));
        }

        static FrameView response(long requestId, int flags, int format, RpcStatus status, String message,
                String errorType, int declaredIndex, byte[] body) {
            return new FrameView(FrameType.RESPONSE, requestId, flags, format, 0, 0, 0, 0, Map.of(), status, message,
                    errorType, declaredIndex, hex(body));
        }

        static FrameView control(FrameType type, long requestId, int flags) {
            return new FrameView(type, requestId, flags, 0, 0, 0, 0, 0, Map.of(), RpcStatus.OK, "", null, -1, "");
        }

        static FrameView goAway(long requestId, RpcStatus status, String message) {
            return new FrameView(FrameType.GOAWAY, requestId, 0, 0, 0, 0, 0, 0, Map.of(), status, message, null, -1,
                    "");
        }

        /** Writes this frame with {@link FrameWriter}. */
        void writeTo(ByteBuf out) {
            byte[] body = HexFormat.of().parseHex(bodyHex);
            switch (type) {
                case REQUEST -> writeRequest(out, requestId, flags, format, serviceId, methodId, argumentCount,
                        timeoutMicros, metadata, body);
                case RESPONSE -> writeResponse(out, requestId, flags, format, status, message, errorType,
                        declaredIndex, body);
                case GOAWAY -> {
                    ByteBuf frame = FrameWriter.goAway(SCRATCH, requestId, status, message);
                    out.writeBytes(frame);
                    frame.release();
                }
                default -> {
                    ByteBuf frame = FrameWriter.control(SCRATCH, type, requestId, flags);
                    out.writeBytes(frame);
                    frame.release();
                }
            }
        }
    }
}
